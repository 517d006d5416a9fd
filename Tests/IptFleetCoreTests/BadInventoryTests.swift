import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

/// Every case of `Tests/Fixtures/bad-inventories/` must be rejected with the file and line that
/// its `expected-error.txt` names; Ansible must reject it too.
struct BadInventoryTests {
    static let corpus = Repository.path("Tests/Fixtures/bad-inventories")

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? [])
        .filter { FileManager.default.fileExists(atPath: corpus + "/" + $0 + "/expected-error.txt") }.sorted()

    /// `file:` and `line:` of a case's expected-error.txt.
    static func expectation(_ caseName: String) throws -> (file: String, line: Int) {
        let text = try String(contentsOfFile: corpus + "/" + caseName + "/expected-error.txt", encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (corpus + "/" + caseName + "/" + (try #require(fields["file"])), try #require(fields["line"].flatMap { Int($0) }))
    }

    @Test func corpusHasTheRequiredKinds() {
        for required in ["section-with-space", "children-cycle", "yaml-syntax-error", "group-vars-top-level-list"] {
            #expect(Self.cases.contains(required))
        }
    }

    @Test(arguments: cases)
    func rejectedWithFileAndLine(caseName: String) throws {
        let expected = try Self.expectation(caseName)
        let error = #expect(throws: InventoryError.self) {
            try InventoryLoader().load(sources: [Self.corpus + "/" + caseName + "/hosts.ini"])
        }
        #expect(error?.origin?.file == expected.file)
        #expect(error?.origin?.line == expected.line, "\(error?.description ?? "no error")")
    }

    @Test(.enabled(if: AnsibleCompatibilityTests.ansibleInventory != nil, "ansible-inventory not found: run Scripts/ansible-venv"),
          arguments: cases)
    func ansibleRejectsItToo(caseName: String) throws {
        let result = try AnsibleCompatibilityTests.runAnsible(sources: [Self.corpus + "/" + caseName + "/hosts.ini"])
        #expect(result.status != 0, "ansible-inventory accepted \(caseName)")
    }
}
