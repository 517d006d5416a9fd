import Foundation
import TestSupport
import Testing

/// A host whose new firewall script rejects its own ruleset: the host is `failed` with the
/// script's words, and nothing on it changed (Docs/troubleshooting.md, "On the host").
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct HostFailureTests {
    @Test func aRejectedRulesetFailsTheHostAndChangesNothing() throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-bad-templates-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Repository.root + "/Templates", toPath: templates)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        // The shipped script, except that its `check` verb refuses, as it does for a bad rule.
        let script = templates + "/iptables-docker.sh"
        var lines = try String(contentsOfFile: script, encoding: .utf8).components(separatedBy: "\n")
        lines.insert(#"[ "${1:-}" = check ] && { echo "iptables-restore: line 7 failed" >&2; exit 1; }"#, at: 1)
        try lines.joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)

        try LabFleet.with(hosts: 1, name: "pk" + String(UUID().uuidString.lowercased().prefix(6))) { fleet in
            let host = fleet.hosts[0]
            let before = try fleet.runChecked("iptables-save -t filter | grep -v '^#'", on: host)
            let result = try ProcessRunner.run(ProcessRunner.iptfleet,
                                               ["deploy", "-i", fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath, "--templates", templates])
            #expect(result.status == 2, "\(result)")
            #expect(result.status(of: host.name) == "failed", "\(result)")
            #expect(result.stdout.contains("the new ruleset was rejected, nothing changed: iptables-restore: line 7 failed (exit status 1)"), "\(result)")
            #expect(try fleet.runChecked("iptables-save -t filter | grep -v '^#'", on: host) == before)
            #expect(try fleet.run("ls /usr/local/sbin/iptables-docker.sh*", on: host).status != 0, "no file may be left behind")
        }
    }
}
