import Foundation
import TestSupport
import Testing

/// Every host-contacting run leaves a JSON record under `$XDG_STATE_HOME/iptfleet/runs`, with
/// the command line's secrets masked; `-vvv` and `--log-file` never show a secret either.
struct RunRecordTests {
    @Test func anUnreachableRunIsRecordedLoggedAndListedWithoutItsSecret() throws {
        let secret = "Run-Record-Secret-41x"
        let directory = try CommandLineTests.temporaryDirectory(["hosts.ini": "[web]\nw1 ansible_host=127.0.0.1 ansible_port=1\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["XDG_STATE_HOME": directory + "/state"]
        let log = directory + "/run.log"
        let arguments = ["deploy", "-i", directory + "/hosts.ini", "-vvv", "--log-file", log,
                         "-e", "ansible_password=\(secret)", "-e", #"{"ansible_become_password": "\#(secret)"}"#]
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, arguments, environment: environment)
        #expect(result.status == 4, "\(result)")
        #expect(result.stderr.contains("debug: w1: connecting to"), "\(result)")
        #expect(result.stderr.contains("info: w1: unreachable: Connection to 127.0.0.1:1 refused"), "\(result)")

        let logText = try String(contentsOfFile: log, encoding: .utf8)
        #expect(logText.split(separator: "\n").allSatisfy { $0.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trace|debug|info|notice|warning|error|critical): .*/#) != nil },
                "every log line starts with a timestamp and a level:\n\(logText)")
        #expect(logText.contains("debug: w1: connecting to"))

        let runs = directory + "/state/iptfleet/runs"
        let files = try FileManager.default.contentsOfDirectory(atPath: runs)
        try #require(files.count == 1, "\(files)")
        #expect(files[0].hasSuffix(".json") && files[0].contains("-deploy-"))
        let recordText = try String(contentsOfFile: runs + "/" + files[0], encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(recordText.utf8)) as? [String: Any])
        #expect(record["operation"] as? String == "deploy")
        #expect(record["exitCode"] as? Int == 4)
        #expect(record["inventory"] as? [String] == [directory + "/hosts.ini"])
        let command = try #require(record["command"] as? [String])
        #expect(command.contains("ansible_password=***") && command.contains(#"{"ansible_become_password":"***"}"#), "\(command)")
        let hosts = try #require(record["hosts"] as? [[String: Any]])
        #expect(hosts.first?["host"] as? String == "w1" && hosts.first?["status"] as? String == "unreachable")
        let attributes = try FileManager.default.attributesOfItem(atPath: runs + "/" + files[0])
        #expect(attributes[.posixPermissions] as? Int == 0o600)

        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr), ("log file", logText), ("run record", recordText)] {
            #expect(!text.contains(secret), "the secret reached the \(name)")
        }

        let history = try ProcessRunner.run(ProcessRunner.iptfleet, ["history", "--host", "w1"], environment: environment)
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.contains("deploy  hosts=1 changed=0 failed=0 unreachable=1") && history.stdout.contains("w1: unreachable"), "\(history)")
    }

    @Test func historyWithoutRunsSaysWhereItLooked() throws {
        let directory = try CommandLineTests.temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["history"], environment: ["XDG_STATE_HOME": directory])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no runs recorded in \(directory)/iptfleet/runs"), "\(result)")
    }
}
