import Foundation
import IptFleetCore
import TestSupport
import Testing

/// Text that comes from an inventory or a host never reaches the terminal or the log file with
/// its control characters: connection variables holding one are refused with file:line, and
/// everything else printed has them escaped (`\e`, `\n`, `\x07`, …).
struct UntrustedTextTests {
    @Test func aControlCharacterInAConnectionVariableIsRefusedWithFileAndLine() throws {
        let directory = try CommandLineTests.temporaryDirectory([
            "hosts.ini": "[t]\nlocal ansible_host=127.0.0.1 ansible_port=1\n",
            "host_vars/local.yml": #"{"ansible_user": "root\nerror: web9: FAKE LINE injected into the log"}"# + "\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/run.log"
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["ping", "-i", directory + "/hosts.ini", "--log-file", log,
                                                                    "-e", "ansible_become_user=r\u{1B}[2Jx"],
                                           environment: ["XDG_STATE_HOME": directory + "/state"])
        #expect(result.status == 1, "\(result)")
        let refusal = "): connection variables must be printable text"
        #expect(result.stderr.contains(directory + "/host_vars/local.yml:1: host 'local': ansible_user: contains a control character (\\n" + refusal), "\(result)")
        #expect(result.stderr.contains("command line (-e): host 'local': ansible_become_user: contains a control character (\\e" + refusal), "\(result)")
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("error: web9") }, "\(result)")
        #expect(!result.stderr.contains("\u{1B}"), "\(result)")
    }

    /// A host name with control characters never gets as far as a connection or a log line: it
    /// is refused with file:line, and the refusal itself shows the characters escaped.
    @Test func aHostNameWithControlCharactersIsRefusedAndShownEscaped() throws {
        let name = "ev\u{1B}(0il\u{07}"
        let directory = try CommandLineTests.temporaryDirectory(["hosts.ini": "[t]\n\(name) ansible_host=127.0.0.1 ansible_port=1\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/run.log"
        let result = try ProcessRunner.run(ProcessRunner.iptfleet, ["ping", "-i", directory + "/hosts.ini", "-v", "--log-file", log],
                                           environment: ["XDG_STATE_HOME": directory + "/state"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("hosts.ini:2: invalid host name 'ev\\u{1B}(0il\\u{07}': contains the invisible character \\u{1B}"), "\(result)")
        let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        for (what, text) in [("stdout", result.stdout), ("stderr", result.stderr), ("log file", logText)] {
            #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"), "a control character reached the \(what)")
        }
    }

    /// What a host sends (stderr of a remote command, os-release, swarm node names) is printed
    /// with every control character escaped, line breaks too unless asked to keep them.
    @Test func terminalTextEscapesEveryControlCharacter() {
        #expect(TerminalText.escaped("ok\u{1B}[2J\r\nerror: forged\u{07}\0") == "ok\\e[2J\\r\\nerror: forged\\x07\\0")
        #expect(TerminalText.escaped("line 1\n\tline 2\u{9B}", keepingLineBreaks: true) == "line 1\n\tline 2\\x9b")
        #expect(TerminalText.escaped("plain text, ünïcode") == "plain text, ünïcode")
    }
}
