import Foundation
import IptFleetCore
import Testing
import TestSupport
@testable import IptFleetDeploy

/// The host-side scripts of commit-confirm (`HostScripts.all`) are clean POSIX sh: shellcheck
/// finds nothing, and every shell a host may have (dash, busybox sh, bash in POSIX mode) parses
/// them; the arming and the confirmation's scripts do what they say on a state directory under
/// each shell.
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

    /// A host to arm a change on: the state directory `state/`, systemd's unit directory
    /// `systemd/`, the firewall's files under `etc/` (the script there, the unit not yet), and
    /// stubs on PATH for every command that would act on the real machine: `systemctl` and
    /// `systemd-run` log what they are asked, each iptables backend's `-save` prints
    /// `bin/TOOL.table` when that exists and its `-restore` logs what it reads.
    private static func hostToArm() throws -> (TemporaryDirectory, InstallLayout) {
        let host = TemporaryDirectory()
        try host.write("state/.keep", "")
        try host.write("systemd/.keep", "")
        try host.write("etc/fw.sh", "#!/bin/sh\necho old\n", mode: 0o750)
        for command in ["systemctl", "systemd-run"] {
            try host.write("bin/\(command)", "#!/bin/sh\necho \"$*\" >> \"$0.log\"\n", mode: 0o755)
        }
        for tool in ["iptables-nft", "iptables-legacy", "ip6tables-nft", "ip6tables-legacy"] {
            try host.write("bin/\(tool)-save", "#!/bin/sh\n[ \"$*\" = '-t filter' ] || exit 2\ncat \"$0.table\" 2>/dev/null\n", mode: 0o755)
            try host.write("bin/\(tool)-restore", "#!/bin/sh\ncat >> \"$0.log\"\n", mode: 0o755)
        }
        let files = [
            RenderedFile(path: host.file("etc/fw.sh"), owner: "root", group: "root", mode: 0o700, content: "#!/bin/sh\necho new\n", role: .script),
            RenderedFile(path: host.file("etc/fw.service"), owner: "root", group: "root", mode: 0o644, content: "[Unit]\n", role: .unit("fw.service")),
        ]
        let layout = try InstallLayout(files: files, state: HostStateDirectory(root: host.file("state"), unitDirectory: host.file("systemd")))
        return (host, layout)
    }

    /// The arming part of an apply script, after the apply script's own `cleanup` and `fail`.
    private static func armScript(_ layout: InstallLayout, id: String) throws -> String {
        let facts = try HostProbe.parse("init=systemd\nunit_enabled=disabled\nunit_active=inactive\nservice=ufw enabled active\n")
        let plan = HostPlan.install(layout, facts: facts, firewallServices: ["ufw"])
        return "set -u\ncleanup() { echo cleaned-up; }\nfail() { echo \"iptfleet: $*\" >&2; exit 1; }\n"
            + ChangeArming.script(plan, layout: layout, change: CommitConfirm.Change(id: id, timeoutSeconds: 30)) + "echo armed-to-the-end\n"
    }

    /// Whether the kernel lists a legacy `filter` table for `names` (what the scripts ask).
    private static func legacyFilterListed(_ names: String) -> Bool {
        ((try? String(contentsOfFile: names, encoding: .utf8)) ?? "").split(separator: "\n").contains("filter")
    }

    /// Arming records the host's files, unit state, services and filter tables, writes
    /// `revert.sh` and the boot guard and starts the timer; the `revert.sh` it wrote then puts
    /// all of it back; a second change cannot be armed over an armed one.
    @Test(arguments: shells)
    func armRecordsTheHostAndItsRevertPutsItBack(_ shell: [String]) throws {
        let (host, layout) = try Self.hostToArm()
        let state = layout.state
        let id = "0123456789ab"
        try host.write("bin/iptables-nft-save.table", "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n")
        let armed = try Self.run(try Self.armScript(layout, id: id), shell: shell, host: host)
        #expect(armed.succeeded && armed.stdout == "armed-to-the-end\n", "\(armed)")

        let pending = "state/pending/"
        #expect(host.read(pending + "id") == id + "\n")
        #expect(host.read(pending + "unit-name") == "fw.service\n")
        #expect(host.read(pending + "unit-enabled") == "disabled\n" && host.read(pending + "unit-active") == "inactive\n")
        #expect(FileManager.default.fileExists(atPath: host.file(pending + "created-firewall-services")))
        #expect(host.read(pending + "files.list") == "0 present \(host.file("etc/fw.sh"))\n1 absent \(host.file("etc/fw.service"))\n")
        #expect(host.read(pending + "files/0") == "#!/bin/sh\necho old\n")
        #expect(host.read(pending + "services") == "ufw\n")
        #expect(host.read(pending + "rules/iptables-nft") == "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n")
        #expect(FileManager.default.fileExists(atPath: host.file(pending + "rules/ip6tables-nft")) && host.read(pending + "rules/ip6tables-nft").isEmpty)
        #expect(FileManager.default.fileExists(atPath: host.file(pending + "rules/iptables-legacy")) == Self.legacyFilterListed("/proc/net/ip_tables_names"))
        #expect(host.read(pending + "revert.sh") == HostScripts.revert.body + "\n")
        #expect(FileManager.default.fileExists(atPath: host.file(pending + "armed")))
        #expect(host.read("bin/systemd-run.log") == "--quiet --unit=iptfleet-confirm-\(id) --on-active=30s --timer-property=AccuracySec=1s "
                + "--description=iptfleet: undo change \(id) unless confirmed /bin/sh \(state.pending)/revert.sh\n")
        let guardUnit = host.read("systemd/" + HostStateDirectory.bootGuardUnit)
        #expect(guardUnit.contains("\nBefore=fw.service network-pre.target\nConditionPathExists=|\(state.pending)/armed\n"
                                   + "ConditionPathExists=|\(state.pending)/reverting\n"), "\(guardUnit)")
        #expect(guardUnit.hasSuffix("\nExecStart=/bin/sh \(state.pending)/revert.sh boot\n"), "\(guardUnit)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: state.bootGuardLink) == "../" + HostStateDirectory.bootGuardUnit)

        let again = try Self.run(try Self.armScript(layout, id: "ffffffffffff"), shell: shell, host: host)
        #expect(!again.succeeded && again.stdout == "cleaned-up\n", "\(again)")
        #expect(again.stderr.contains("an earlier change (\(id)) is still waiting for its confirmation or its rollback"), "\(again)")
        #expect(host.read(pending + "id") == id + "\n", "the armed change is left alone")

        // The install: the files change, and an IPv6 filter table appears.
        try host.write("etc/fw.sh", "#!/bin/sh\necho new\n")
        try host.write("etc/fw.service", "[Unit]\n")
        try host.write("bin/ip6tables-nft-save.table", "*filter\n:INPUT DROP [0:0]\nCOMMIT\n")
        try host.write("state/firewall-services", "ufw\n")
        #expect(!FileManager.default.fileExists(atPath: host.file("bin/systemctl.log")), "arming leaves the units alone")
        let reverted = try ProcessRunner.run(shell + [state.pending + "/revert.sh"], environment: ["PATH": host.file("bin") + ":/usr/bin:/bin"])
        #expect(reverted.succeeded && reverted.stdout == "iptfleet revert: change \(id) undone\n", "\(reverted)")
        #expect(host.read("etc/fw.sh") == "#!/bin/sh\necho old\n")
        #expect(!FileManager.default.fileExists(atPath: host.file("etc/fw.service")))
        #expect(!FileManager.default.fileExists(atPath: host.file("state/firewall-services")))
        #expect(host.read("state/reverted/id") == id + "\n" && !FileManager.default.fileExists(atPath: host.file("state/pending")))
        #expect(host.read("bin/systemctl.log") == "stop -- fw.service\ndisable --quiet --no-reload -- fw.service\ndaemon-reload\nenable --now -- ufw\n")
        #expect(host.read("bin/iptables-nft-restore.log") == "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n")
        let open = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n"
        #expect(host.read("bin/ip6tables-nft-restore.log") == open, "a table that was not there before is left open")
        #expect(host.read("bin/iptables-legacy-restore.log") == (Self.legacyFilterListed("/proc/net/ip_tables_names") ? open : ""))
        #expect(host.read("bin/ip6tables-legacy-restore.log") == (Self.legacyFilterListed("/proc/net/ip6_tables_names") ? open : ""))
    }

    /// A filter table that did not exist when the change was armed, and does not now, is not
    /// created by the undo.
    @Test(arguments: shells)
    func revertCreatesNoTableThatWasNeverThere(_ shell: [String]) throws {
        let (host, layout) = try Self.hostToArm()
        let armed = try Self.run(try Self.armScript(layout, id: "0123456789ab"), shell: shell, host: host)
        #expect(armed.succeeded, "\(armed)")
        let reverted = try ProcessRunner.run(shell + [layout.state.pending + "/revert.sh"], environment: ["PATH": host.file("bin") + ":/usr/bin:/bin"])
        #expect(reverted.succeeded, "\(reverted)")
        for tool in ["iptables-nft", "ip6tables-nft"] {
            #expect(!FileManager.default.fileExists(atPath: host.file("bin/\(tool)-restore.log")), "\(tool): \(host.read("bin/\(tool)-restore.log"))")
        }
    }
}
