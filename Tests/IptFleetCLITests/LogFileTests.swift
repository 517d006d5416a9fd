import Foundation
import TestSupport
import Testing

/// `--log-file` may name a file in a shared directory: an existing file must be the user's own
/// and is made 0600; a symbolic link is refused.
struct LogFileTests {
    @Test func anExistingLogFileIsMadePrivate() throws {
        let directory = try CommandLineTests.temporaryDirectory(["hosts.ini": "[t]\nlocal ansible_host=127.0.0.1 ansible_port=1\n",
                                                                 "run.log": "earlier line\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/run.log"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: log)
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["ping", "-i", directory + "/hosts.ini", "--log-file", log],
                                           environment: ["XDG_STATE_HOME": directory + "/state"])
        #expect(result.status == 4, "\(result)")
        #expect(try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("earlier line\n"))
    }

    @Test func aSymbolicLinkAsLogFileIsRefused() throws {
        let directory = try CommandLineTests.temporaryDirectory(["hosts.ini": "[t]\nlocal ansible_host=127.0.0.1 ansible_port=1\n",
                                                                 "target": ""])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/run.log"
        try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: directory + "/target")
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["ping", "-i", directory + "/hosts.ini", "--log-file", log],
                                           environment: ["XDG_STATE_HOME": directory + "/state"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("cannot open log file \(log): it is a symbolic link; name the file itself"), "\(result)")
        #expect(try String(contentsOfFile: directory + "/target", encoding: .utf8).isEmpty)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to give the file to another user"))
    func aLogFileOfAnotherUserIsRefused() throws {
        let directory = try CommandLineTests.temporaryDirectory(["hosts.ini": "[t]\nlocal ansible_host=127.0.0.1 ansible_port=1\n",
                                                                 "run.log": ""])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/run.log"
        try FileManager.default.setAttributes([.ownerAccountID: 65534, .posixPermissions: 0o666], ofItemAtPath: log)
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["ping", "-i", directory + "/hosts.ini", "--log-file", log],
                                           environment: ["XDG_STATE_HOME": directory + "/state"])
        #expect(result.status == 1, "\(result)")
        let refusal = "who runs iptfleet; remove it or choose another file"
        #expect(result.stderr.contains("cannot open log file \(log): it belongs to uid 65534, not to uid 0 " + refusal), "\(result)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).isEmpty)
    }
}
