import Foundation
import Testing

/// Every changing run first saves the complete previous rules (all tables, each family) into
/// the state directory: directory 0700, files 0600, the newest `iptables_backup_keep` kept.
@Suite("Backups of the previous rules")
struct BackupTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func backupsArePrivateCompleteAndBounded() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        for family in AddressFamily.allCases { try IptablesBackend.nft.restore(DockerDump.docker28.text(family), family, in: host) }
        var policy = TestPolicy()
        policy.backupKeep = 2
        let script = try FirewallScript(policy)
        var beforeLastRun: [AddressFamily: Ruleset] = [:]
        for verb in ["start", "restart", "stop", "start"] {
            for family in AddressFamily.allCases {
                beforeLastRun[family] = Ruleset(save: try IptablesBackend.nft.save(family, in: host))
            }
            #expect(try script.run(verb, in: host).status == 0)
        }
        let directory = "\(script.stateDirectory)/backups"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names.count == 4, "two sets of two families: \(names)")
        #expect(names.allSatisfy { $0.hasPrefix("000003-") || $0.hasPrefix("000004-") }, "the two newest sets: \(names)")
        #expect(try Self.mode(directory) == 0o700)
        #expect(try Self.mode(script.stateDirectory) == 0o700)
        for name in names { #expect(try Self.mode("\(directory)/\(name)") == 0o600, "\(name)") }
        for family in AddressFamily.allCases {
            let newest = names.last { $0.hasSuffix(".\(family.rawValue)") }!
            let saved = try String(contentsOfFile: "\(directory)/\(newest)", encoding: .utf8)
            #expect(Ruleset(save: saved) == beforeLastRun[family], "\(newest) must hold the rules from before the last run")
        }
    }

    static func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as! NSNumber).intValue
    }
}
