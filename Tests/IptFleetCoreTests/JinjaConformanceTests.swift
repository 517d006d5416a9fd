import Foundation
import OrderedCollections
import TestSupport
import Testing
@testable import IptFleetCore

/// Runs every expression of `Tests/Fixtures/jinja-conformance` through the real ansible-core
/// (one debug play on localhost with `connection: local`, which contacts no host) and through
/// iptfleet's templating, and checks that both give the same value of the same type, or both
/// fail (the messages differ).
struct JinjaConformanceTests {
    static let fixture = Repository.path("Tests/Fixtures/jinja-conformance")
    static let environmentValue = "conformance-value"

    /// `ansible-playbook` beside the `ansible-inventory` the compatibility tests use.
    static let ansiblePlaybook: String? = AnsibleCompatibilityTests.ansibleInventory.map {
        URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("ansible-playbook").path
    }.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    static func names(in file: String) throws -> [String] {
        let text = try String(contentsOfFile: fixture + "/host_vars/localhost/" + file, encoding: .utf8)
        let (root, _) = try VarsFileLoader.compose(text, path: file)
        guard case .mapping(let mapping)? = root else { return [] }
        return mapping.keys.compactMap { $0.string }
    }

    static func templater() throws -> HostVariableTemplater {
        let loaded = try InventoryLoader().load(sources: [fixture + "/hosts.ini"], playbookDirectory: fixture)
        return HostVariableTemplater(inventory: loaded.inventory, playbookDirectory: fixture,
                                     environment: ["IPTFLEET_JINJA_CONFORMANCE": environmentValue]) { loaded.variables(forHost: $0) }
    }

    @Test func corpusHasAtLeast300Expressions() throws {
        #expect(try Self.names(in: "expressions.yml").count >= 300)
    }

    @Test(.enabled(if: ansiblePlaybook != nil, "ansible-playbook not found: run Scripts/ansible-venv (or set IPTFLEET_ANSIBLE_INVENTORY)"))
    func sameResultsAsAnsible() throws {
        let names = try Self.names(in: "expressions.yml")
        let scratch = TemporaryDirectory()
        let out = scratch.path + "/results.json"
        let arguments = try scratch.write("names.json", PythonJSON(indent: nil, sortKeys: false, ensureASCII: true, itemSeparator: ", ")
            .dumps(.dict(["names": .list(names.map(VariableValue.string)), "out": .string(out)])))
        let config = try scratch.write("ansible.cfg", "")
        let run = try ProcessRunner.run(try #require(Self.ansiblePlaybook), ["-i", Self.fixture + "/hosts.ini", Self.fixture + "/playbook.yml", "-e", "@" + arguments],
                                        directory: Self.fixture,
                                        environment: ["ANSIBLE_CONFIG": config, "IPTFLEET_JINJA_CONFORMANCE": Self.environmentValue,
                                                      "ANSIBLE_REMOTE_TEMP": scratch.path + "/remote", "ANSIBLE_LOCAL_TEMP": scratch.path + "/local"])
        try #require(run.status == 0, "ansible-playbook failed: \(run)")
        let (root, converter) = try VarsFileLoader.compose(try String(contentsOfFile: out, encoding: .utf8), path: out)
        guard case .list(let results)? = try root.map(converter.value(of:)) else { Issue.record("no results in \(out)"); return }
        try #require(results.count == names.count)
        let templater = try Self.templater()
        var compared = 0, failures = 0
        for (name, result) in zip(names, results) {
            guard case .dict(let entry) = result, entry["item"] == .string(name) else { Issue.record("\(name): unexpected entry \(result)"); continue }
            let ours = Result { () throws(TemplateError) -> VariableValue in try templater.value(of: name, host: "localhost") ?? .null }
            if entry["failed"] == .bool(true) {
                switch ours {
                case .success(let value):
                    Issue.record("\(name): Ansible fails (\(entry["msg"]?.pythonString ?? "")) but iptfleet gives \(value.pythonRepr)")
                case .failure(let error):
                    // Both fail; iptfleet's message names the file and line.
                    #expect(error.origin?.line != nil, "\(name): \(error)")
                    failures += 1
                }
            } else {
                switch ours {
                case .success(let value):
                    #expect(value == entry["msg"], "\(name): iptfleet \(value.pythonRepr) (\(value.pythonType)), Ansible \(entry["msg"]?.pythonRepr ?? "nothing") (\(entry["msg"]?.pythonType ?? ""))")
                case .failure(let error):
                    Issue.record("\(name): Ansible gives \(entry["msg"]?.pythonRepr ?? "nothing") but iptfleet fails: \(error)")
                }
            }
            compared += 1
        }
        #expect(compared == names.count)
        #expect(failures >= 40, "the corpus covers error cases too: \(failures)")
    }

    /// What iptfleet refuses names the construct, never passes `{{` through.
    @Test func refusedConstructsAreNamed() throws {
        let templater = try Self.templater()
        let refused = try Self.names(in: "refused.yml")
        #expect(refused.count >= 10)
        for name in refused {
            #expect(throws: TemplateError.self, "\(name) must be refused") { try templater.value(of: name, host: "localhost") }
            do {
                _ = try templater.value(of: name, host: "localhost")
            } catch {
                #expect(error.message.contains("not supported"), "\(name): \(error)")
                #expect(error.origin?.description.contains("refused.yml:") == true, "\(name): \(error)")
            }
        }
    }
}
