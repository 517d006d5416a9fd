import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

struct LimitPatternTests {
    static let inventoryText = """
        [web]
        web[1:4]
        [db]
        db1
        db2
        [prod:children]
        web
        db
        [staging]
        web4
        stage-db
        """

    private func select(_ pattern: String) throws -> [String] {
        let directory = TemporaryDirectory()
        let loaded = try InventoryLoader().load(sources: [try directory.write("hosts.ini", Self.inventoryText)])
        return try LimitPattern(inventory: loaded.inventory).select(pattern)
    }

    @Test(arguments: [
        ("web", ["web1", "web2", "web3", "web4"]),
        ("web:db", ["web1", "web2", "web3", "web4", "db1", "db2"]),
        ("staging,db", ["web4", "db1", "db2", "stage-db"]),
        ("prod:&staging", ["web4"]),
        ("prod:!web3:!db1", ["web1", "web2", "web4", "db2"]),
        ("!staging", ["web1", "web2", "web3", "db1", "db2"]),
        ("web[0]", ["web1"]),
        ("web[-1]", ["web4"]),
        ("web[1:2]", ["web2", "web3"]),
        ("web[2:]", ["web3", "web4"]),
        ("*db*", ["db1", "db2", "stage-db"]),
        ("~web[13]", ["web1", "web3"]),
        ("web1", ["web1"]),
        ("nosuchhost", []),
    ])
    func patterns(pattern: String, expected: [String]) throws {
        #expect(try select(pattern) == expected)
    }

    @Test func limitFileListsOnePatternPerLine() throws {
        let directory = TemporaryDirectory()
        let file = try directory.write("retry", "db1\nweb2\n\n")
        #expect(try select("@\(file)") == ["web2", "db1"])
    }

    @Test func subscriptOutOfRangeIsAnError() {
        #expect(throws: InventoryError.self) { try select("web[9]") }
    }

    /// The same patterns through the real `ansible --list-hosts --limit` on a corpus inventory.
    @Test(.enabled(if: AnsibleCompatibilityTests.ansibleInventory != nil, "ansible not found: run Scripts/ansible-venv"),
          arguments: ["swarm", "swarm:!wrk0[1-2]*:&prod", "prod:!swarm_workers", "swarm_managers,databases", "*.prod.example.com",
                      "~wrk0[1-3]", "swarm_workers[0]", "swarm_workers[-1]", "swarm_workers[1:3]", "swarm_workers[2:]", "all:!bastion"])
    func sameHostsAsAnsible(pattern: String) throws {
        let source = Repository.path("Tests/Fixtures/inventories/28-firewall-realistic/hosts.ini")
        let ansible = URL(fileURLWithPath: try #require(AnsibleCompatibilityTests.ansibleInventory)).deletingLastPathComponent().appendingPathComponent("ansible").path
        let scratch = TemporaryDirectory()
        let result = try ProcessRunner.run(ansible, ["all", "-i", source, "--list-hosts", "--limit", pattern], directory: scratch.path,
                                           environment: ["ANSIBLE_CONFIG": try scratch.write("ansible.cfg", "")])
        try #require(result.status == 0, "\(result.stderr)")
        let theirs = result.stdout.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        let loaded = try InventoryLoader().load(sources: [source])
        #expect(Set(try LimitPattern(inventory: loaded.inventory).select(pattern)) == Set(theirs))
    }
}
