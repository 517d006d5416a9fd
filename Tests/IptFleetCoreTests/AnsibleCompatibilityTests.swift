import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

/// Runs the real `ansible-inventory --list` (ansible-core from PyPI, set up by
/// `Scripts/ansible-venv`) on every case of `Tests/Fixtures/inventories/` and checks that
/// iptfleet prints the same JSON: the same groups, members and merged variables per host.
struct AnsibleCompatibilityTests {
    static let corpus = Repository.path("Tests/Fixtures/inventories")

    /// `IPTFLEET_ANSIBLE_INVENTORY`, else the venv that Scripts/ansible-venv creates.
    static let ansibleInventory = ReferenceAnsible.inventory

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).filter { name in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: corpus + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
    }.sorted()

    /// Deliberate differences (see Docs/inventory.md): per case, what Ansible prints and what
    /// iptfleet prints in its place. Everything else must match byte for byte.
    static let deliberateDifferences: [String: [(ansible: String, iptfleet: String)]] = [
        // Ansible marks `!unsafe` strings; iptfleet never templates values, so they stay plain.
        "16-yaml-typing": [(
            "\"s_unsafe\": {\n                    \"__ansible_unsafe\": \"{{ not templated }}\"\n                }",
            "\"s_unsafe\": \"{{ not templated }}\""
        )],
        // A script's group object without hosts/vars/children is a host of that name; Ansible marks
        // its variables unsafe (never templated), which iptfleet never does anyway.
        "36-script-with-meta": [(
            "\"only_var\": {\n                    \"__ansible_unsafe\": \"a host named like its group\"\n                }",
            "\"only_var\": \"a host named like its group\""
        )],
        // Integers beyond 64 bits stay strings in iptfleet.
        "31-json-vars-parsed-as-yaml": [("\"big\": 12345678901234567890", "\"big\": \"12345678901234567890\"")],
    ]

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 20, "the issue asks for at least 20 inventories; found \(Self.cases.count)")
    }

    @Test(.enabled(if: ansibleInventory != nil, "ansible-inventory not found: run Scripts/ansible-venv (or set IPTFLEET_ANSIBLE_INVENTORY)"),
          arguments: cases)
    func sameListingAsAnsible(caseName: String) throws {
        let directory = Self.corpus + "/" + caseName
        let sources = try Self.sources(of: directory)
        let playbookDirectory = try Self.playbookDirectory(of: directory)
        let vault = try Self.vault(of: directory)
        let ansible = try Self.runAnsible(sources: sources, playbookDirectory: playbookDirectory, vault: vault.arguments)
        try #require(ansible.status == 0, "ansible-inventory failed on \(caseName): \(ansible.stderr)")
        let loaded = try InventoryLoader(ansibleInventory: Self.ansibleInventory, vault: vault.keyring).load(sources: sources, playbookDirectory: playbookDirectory)
        let ours = InventoryListing(loaded).listJSON() + "\n"
        var expected = ansible.stdout
        for difference in Self.deliberateDifferences[caseName] ?? [] {
            #expect(expected.contains(difference.ansible), "the deliberate difference no longer shows in Ansible's output")
            expected = expected.replacingOccurrences(of: difference.ansible, with: difference.iptfleet)
        }
        // Byte for byte: the same JSON text as ansible-inventory prints.
        #expect(ours == expected, "\(caseName): \(ReferenceAnsible.firstDifference(ours, expected))")
    }

    /// Cases with a `views` file (one host name a line) also compare `--graph` and `--host NAME`.
    static let casesWithViews = cases.filter { FileManager.default.fileExists(atPath: corpus + "/" + $0 + "/views") }

    @Test(.enabled(if: ansibleInventory != nil, "ansible-inventory not found: run Scripts/ansible-venv (or set IPTFLEET_ANSIBLE_INVENTORY)"),
          arguments: casesWithViews)
    func sameGraphAndHostsAsAnsible(caseName: String) throws {
        let directory = Self.corpus + "/" + caseName
        let sources = try Self.sources(of: directory)
        let playbookDirectory = try Self.playbookDirectory(of: directory)
        let vault = try Self.vault(of: directory)
        let listing = InventoryListing(try InventoryLoader(ansibleInventory: Self.ansibleInventory, vault: vault.keyring)
            .load(sources: sources, playbookDirectory: playbookDirectory))
        let graph = try Self.runAnsible(sources: sources, playbookDirectory: playbookDirectory, vault: vault.arguments, view: ["--graph"])
        try #require(graph.status == 0, "ansible-inventory --graph failed on \(caseName): \(graph.stderr)")
        #expect(listing.graph() + "\n" == graph.stdout, "\(caseName) --graph: \(ReferenceAnsible.firstDifference(listing.graph() + "\n", graph.stdout))")
        for host in try Self.lines(of: directory + "/views") {
            let ansible = try Self.runAnsible(sources: sources, playbookDirectory: playbookDirectory, vault: vault.arguments, view: ["--host", host])
            try #require(ansible.status == 0, "ansible-inventory --host \(host) failed on \(caseName): \(ansible.stderr)")
            let ours = listing.hostJSON(host) + "\n"
            #expect(ours == ansible.stdout, "\(caseName) --host \(host): \(ReferenceAnsible.firstDifference(ours, ansible.stdout))")
        }
    }

    /// The case's sources: the lines of its `sources` file (a line with a comma is a host list,
    /// passed as it stands; others are paths in the case), else `hosts.ini`.
    static func sources(of directory: String) throws -> [String] {
        let list = directory + "/sources"
        guard FileManager.default.fileExists(atPath: list) else { return [directory + "/hosts.ini"] }
        return try lines(of: list).map { $0.contains(",") ? $0 : directory + "/" + $0 }
    }

    /// The case's `--playbook-dir`: the directory its `playbook-dir` file names, if it has one.
    static func playbookDirectory(of directory: String) throws -> String? {
        let file = directory + "/playbook-dir"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return try lines(of: file).first.map { directory + "/" + $0 }
    }

    /// The case's vault password: its `vault-password` file, given to ansible-inventory as
    /// `--vault-password-file` and to iptfleet as a keyring.
    static func vault(of directory: String) throws -> (keyring: VaultKeyring, arguments: [String]) {
        let file = directory + "/vault-password"
        guard FileManager.default.fileExists(atPath: file) else { return (.empty, []) }
        let identity = VaultIdentity(label: "default", source: file, givenBy: "--vault-password-file")
        return (try VaultPasswordReader { _ in "" }.keyring([identity]).0, ["--vault-password-file", file])
    }

    static func lines(of file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// ansible-inventory from an empty directory (it also reads `./group_vars` as playbook vars)
    /// with an empty config, failing on unparsable sources instead of warning.
    static func runAnsible(sources: [String], playbookDirectory: String? = nil, vault: [String] = [], view: [String] = ["--list"]) throws -> ProcessRunner.Result {
        let scratch = TemporaryDirectory()
        let config = try scratch.write("ansible.cfg", "")
        return try ProcessRunner.run(
            try #require(ansibleInventory), sources.flatMap { ["-i", $0] } + (playbookDirectory.map { ["--playbook-dir", $0] } ?? []) + vault + view, directory: scratch.path,
            environment: ["ANSIBLE_CONFIG": config, "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "1"]
        )
    }
}
