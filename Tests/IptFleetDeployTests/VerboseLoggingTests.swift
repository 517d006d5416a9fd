import Foundation
import TestSupport
import Testing

/// `-vvv` against a real host: every remote command and its output reach standard error and
/// `--log-file`, the apply script's file payloads shortened, the run recorded with its changes.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct VerboseLoggingTests {
    @Test func traceLogsRemoteCommandsWithPayloadsShortenedAndRecordsTheRun() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-vvv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try LabFleet.with(hosts: 1, name: "pk" + String(UUID().uuidString.lowercased().prefix(6))) { fleet in
            let host = fleet.hosts[0]
            let result = try ProcessRunner.run(ProcessRunner.iptfleet,
                                               ["deploy", "-i", fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath, "-vvv", "--log-file", scratch + "/run.log"],
                                               environment: ["XDG_STATE_HOME": scratch + "/state"])
            #expect(result.status == 0, "\(result)")
            let log = try String(contentsOfFile: scratch + "/run.log", encoding: .utf8)
            #expect(result.stderr.contains("trace: \(host.name): exec: sh -s"), "\(result.stderr)")
            #expect(log.contains("debug: \(host.name): connected; host key"), "\(log)")
            #expect(log.contains("trace: \(host.name): stdin ("), "\(log)")
            #expect(log.contains("<base64: "), "the apply script's payload must be shortened: \(log)")
            #expect(log.contains("info: \(host.name): install plan: "), "\(log)")
            #expect(log.contains("info: \(host.name): changed"), "\(log)")
            // The firewall script travels as base64 in 76-character lines; none of them may be logged.
            let script = try fleet.runChecked("base64 -w0 /usr/local/sbin/iptables-docker.sh", on: host)
            #expect(!log.contains(script.prefix(60)), "a file payload reached the log")

            let runs = try FileManager.default.contentsOfDirectory(atPath: scratch + "/state/iptfleet/runs")
            let record = try String(contentsOfFile: scratch + "/state/iptfleet/runs/" + runs[0], encoding: .utf8)
            #expect(record.contains("\"status\" : \"changed\"") && record.contains("/usr/local/sbin/iptables-docker.sh"), "\(record)")
        }
    }
}
