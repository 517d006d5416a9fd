import Foundation
import Testing
import TestSupport
@testable import IptFleetDeploy

/// The host-side scripts of commit-confirm (`HostScripts.all`) are clean POSIX sh: shellcheck
/// finds nothing, and every shell a host may have (dash, busybox sh, bash in POSIX mode) parses
/// them; the confirmation's scripts do what they say on a state directory under each shell.
@Suite("host scripts")
struct HostScriptsTests {
    /// The shells a Debian, Ubuntu, RHEL or Alpine host runs `sh` with.
    static let shells: [[String]] = [["/bin/sh"], ["/bin/dash"], ["/usr/bin/busybox", "sh"], ["/bin/bash", "--posix"]]

    /// A script as sent, with a value for each of its parameters.
    static func sent(_ script: HostScript) -> String {
        script.with(script.parameters.map { "/var/lib/iptables-docker/\($0) it's" })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck"), "needs shellcheck (Debian package shellcheck)"),
          arguments: HostScripts.all.map(\.name))
    func shellcheckFindsNothing(_ name: String) throws {
        let script = try #require(HostScripts.all.first { $0.name == name })
        let result = try ProcessRunner.run(["/usr/bin/shellcheck", "-s", "sh", "-S", "style", "-"], input: Self.sent(script))
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
    }

    @Test(arguments: HostScripts.all.map(\.name))
    func everyShellParsesIt(_ name: String) throws {
        let script = try #require(HostScripts.all.first { $0.name == name })
        for shell in Self.shells {
            try #require(FileManager.default.isExecutableFile(atPath: shell[0]), "\(shell[0]) is missing (Scripts/debian-packages installs it)")
            let result = try ProcessRunner.run(shell + ["-n"], input: Self.sent(script))
            #expect(result.succeeded, "\(shell.joined(separator: " ")): \(result)")
        }
    }

    /// A host whose state directory (`state/`) has change `id` armed in `pending`, with
    /// `systemctl` stubbed on PATH: it logs what it is asked (the disarm stops the change's timer).
    private static func armedHost(_ id: String) throws -> TemporaryDirectory {
        let host = TemporaryDirectory()
        try host.write("state/pending/id", id + "\n")
        try host.write("state/pending/armed", "")
        try host.write("bin/systemctl", "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/systemctl.log\"\n", mode: 0o755)
        return host
    }

    private static func run(_ script: String, shell: [String], host: TemporaryDirectory) throws -> ProcessRunner.Result {
        try ProcessRunner.run(shell, input: script, environment: ["PATH": host.file("bin") + ":/usr/bin:/bin"])
    }

    @Test(arguments: shells)
    func disarmKeepsTheArmedChangeOnlyOnce(_ shell: [String]) throws {
        let host = try Self.armedHost("0123456789ab")
        let disarm = HostScripts.disarm.with(["0123456789ab", host.file("state/pending"), host.file("state/reverted"), host.file("state/previous"),
                                              host.file("state/change.lock"), "iptfleet-confirm-0123456789ab"])
        let first = try Self.run(disarm, shell: shell, host: host)
        #expect(first.stdout == "iptfleet-confirm=confirmed\n", "\(first)")
        #expect(host.read("state/previous/id") == "0123456789ab\n" && FileManager.default.fileExists(atPath: host.file("state/previous/confirmed")))
        #expect(!FileManager.default.fileExists(atPath: host.file("state/pending")))
        #expect(host.read("bin/systemctl.log") == "stop iptfleet-confirm-0123456789ab.timer\n")
        let again = try Self.run(disarm, shell: shell, host: host)
        #expect(again.stdout == "iptfleet-confirm=unknown\n", "a confirmed change is not confirmed twice: \(again)")
    }

    @Test(arguments: shells)
    func revertStatusTellsUndoneFromArmed(_ shell: [String]) throws {
        let host = try Self.armedHost("0123456789ab")
        let status = { (id: String) in
            try Self.run(HostScripts.revertStatus.with([id, host.file("state/pending"), host.file("state/reverted")]), shell: shell, host: host).stdout
        }
        #expect(try status("0123456789ab") == "iptfleet-confirm=still-armed\n")
        try host.write("state/reverted/id", "0123456789ab\n")
        #expect(try status("0123456789ab") == "iptfleet-confirm=reverted\n")
        try FileManager.default.removeItem(atPath: host.file("state/pending/armed"))
        #expect(try status("ffffffffffff") == "iptfleet-confirm=unknown\n")
    }
}
