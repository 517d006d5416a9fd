import Foundation
import Testing
import IptFleetCore
@testable import IptFleetDeploy
import TestSupport

/// The pure parts of a deploy: reading the probe, planning, the apply script, the recap.
struct PlanTests {
    static let layout = try! InstallLayout(files: [
        RenderedFile(path: "/usr/local/sbin/iptables-docker.sh", owner: "root", group: "root", mode: 0o700, content: "#!/bin/sh\necho hi\n", role: .script),
        RenderedFile(path: "/etc/systemd/system/iptables-docker.service", owner: "root", group: "root", mode: 0o644, content: "[Unit]\n",
                     role: .unit("iptables-docker.service")),
    ])

    static func facts(_ probe: String) throws -> HostFacts { try HostProbe.parse(probe) }

    @Test func probeAnswerIsParsed() throws {
        let facts = try Self.facts("""
            init=systemd
            file=\(Self.layout.files[0].sha256) 700 root root /usr/local/sbin/iptables-docker.sh
            unit_enabled=enabled
            unit_active=active
            service=ufw enabled active
            service=firewalld
            services_before=ufw
            @status
            iptables=iptables v1.8.9 (nf_tables)
            docker=yes
            rules=42
            """)
        #expect(facts.hasSystemd)
        #expect(facts.files["/usr/local/sbin/iptables-docker.sh"] == HostFacts.FileState(sha256: Self.layout.files[0].sha256, mode: 0o700, owner: "root", group: "root"))
        #expect(facts.services["ufw"]?.isEnabled == true)
        #expect(facts.services["firewalld"]?.exists == false)
        #expect(facts.servicesBeforeInstall == ["ufw"])
        #expect(facts.dockerRunning && facts.ruleCount == 42)
    }

    @Test func garbageIsNotAProbeAnswer() {
        #expect(throws: HostProbe.Unreadable.self) { try Self.facts("sudo: a password is required\n") }
    }

    @Test func freshHostGetsEverything() throws {
        let plan = HostPlan.install(Self.layout, facts: try Self.facts("init=systemd\nservice=ufw enabled active\n"), firewallServices: ["ufw", "firewalld"])
        #expect(plan.files.count == 2)
        #expect(plan.unitFileChanged && plan.enableUnit && plan.restartUnit)
        #expect(plan.services == ["ufw"])
        #expect(plan.changes == ["create /usr/local/sbin/iptables-docker.sh", "create /etc/systemd/system/iptables-docker.service",
                                 "enable iptables-docker.service", "start iptables-docker.service", "stop and disable ufw"])
    }

    @Test func hostAlreadyRightNeedsNothing() throws {
        let lines = Self.layout.files.map { "file=\($0.sha256) \($0.modeString.dropFirst()) root root \($0.path)" }.joined(separator: "\n")
        let facts = try Self.facts("init=systemd\n\(lines)\nunit_enabled=enabled\nunit_active=active\nservice=ufw disabled inactive\n")
        #expect(HostPlan.install(Self.layout, facts: facts, firewallServices: ["ufw"]).isEmpty)
    }

    @Test func changedScriptOrModeIsRewrittenAndRestarted() throws {
        let facts = try Self.facts("""
            init=systemd
            file=0000 700 root root /usr/local/sbin/iptables-docker.sh
            file=\(Self.layout.files[1].sha256) 666 root root /etc/systemd/system/iptables-docker.service
            unit_enabled=enabled
            unit_active=active
            """)
        let plan = HostPlan.install(Self.layout, facts: facts, firewallServices: [])
        #expect(plan.changes == ["update /usr/local/sbin/iptables-docker.sh",
                                 "fix owner/mode of /etc/systemd/system/iptables-docker.service (root:root 666 → root:root 0644)",
                                 "restart iptables-docker.service"])
    }

    @Test func uninstallRemovesWhatIsThereAndRestoresServices() throws {
        let facts = try Self.facts("""
            init=systemd
            file=\(Self.layout.files[0].sha256) 700 root root /usr/local/sbin/iptables-docker.sh
            unit_enabled=enabled
            unit_active=active
            service=ufw disabled inactive
            services_before=ufw
            """)
        #expect(HostPlan.uninstall(Self.layout, facts: facts).changes == [
            "stop and disable iptables-docker.service", "remove /usr/local/sbin/iptables-docker.sh", "re-enable ufw",
        ])
        #expect(HostPlan.uninstall(Self.layout, facts: try Self.facts("init=systemd\nunit_active=inactive\n")).isEmpty)
    }

    /// The apply and probe scripts are valid sh and pass shellcheck (the fixed host-side scripts:
    /// HostScriptsTests).
    @Test(arguments: [HostPlan.Action.install, .uninstall])
    func applyScriptIsCleanShell(action: HostPlan.Action) throws {
        let facts = try Self.facts("init=systemd\nservice=ufw enabled active\nservices_before=ufw\nunit_enabled=enabled\nunit_active=active\n" +
                                   "file=x 700 root root /usr/local/sbin/iptables-docker.sh\n")
        let plan = action == .install ? HostPlan.install(Self.layout, facts: facts, firewallServices: ["ufw"]) : HostPlan.uninstall(Self.layout, facts: facts)
        let confirmation = CommitConfirm.Change(id: "0123456789ab", timeoutSeconds: 30)
        let scripts = [ApplyScript.make(plan, layout: Self.layout), ApplyScript.make(plan, layout: Self.layout, confirmation: confirmation),
                       HostProbe.script(layout: Self.layout, firewallServices: ["ufw", "firewalld"], forStatus: true)]
        for script in scripts {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-apply-\(UUID().uuidString).sh")
            try script.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try ProcessRunner.run("/bin/sh", ["-n", file.path]).status == 0)
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck") {
                #expect(try ProcessRunner.run("/usr/bin/shellcheck", ["-s", "sh", "-S", "warning", file.path]).status == 0, "\(script)")
            }
        }
    }

    @Test func recapAndExitCodesFollowAnsiblePlaybook() {
        let results = [HostResult(host: "a", status: .ok), HostResult(host: "b", status: .changed),
                       HostResult(host: "c", status: .failed, reason: "boom (exit status 1)")]
        #expect(RunSummary(results: results).exitCode == 2)
        #expect(RunSummary(results: results + [HostResult(host: "d", status: .unreachable, reason: "refused")]).exitCode == 6)
        #expect(RunSummary(results: [HostResult(host: "d", status: .unreachable)]).exitCode == 4)
        #expect(RunSummary(results: Array(results.prefix(2))).exitCode == 0)
        let recap = RunSummary(results: results).recap.split(separator: "\n")
        #expect(recap[1] == "a                   : ok=1 changed=0 unreachable=0 failed=0 skipped=0 rolled-back=0")
        #expect(recap[4] == "TOTAL               : ok=1 changed=1 unreachable=0 failed=1 skipped=0 rolled-back=0")
        #expect(recap[5] == "c: failed: boom (exit status 1)")
    }

    @Test func statusesGroupIntoFailuresAndTotals() {
        #expect(HostStatus.allCases.filter(\.isFailure) == [.unreachable, .failed, .rolledBack])
        #expect(HostStatus.allCases.filter(\.isUnreachable) == [.unreachable])
        #expect(RunSummary(results: [HostResult(host: "a", status: .rolledBack)]).exitCode == 2, "a rolled-back host failed")
        #expect(RunSummary(results: [HostResult(host: "a", status: .skipped)]).exitCode == 0, "a skipped host was not attempted")
        let summary = RunSummary(results: [HostResult(host: "a", status: .ok), HostResult(host: "b", status: .rolledBack),
                                           HostResult(host: "c", status: .rolledBack)])
        #expect(summary.totals == ["ok": 1, "changed": 0, "unreachable": 0, "failed": 0, "skipped": 0, "rolled-back": 2])
    }

    @Test func theProbesUnitStatesAreTyped() throws {
        let facts = try Self.facts("""
            init=systemd
            unit_enabled=disabled
            unit_active=failed
            service=ufw enabled active
            service=firewalld
            service=nftables not-found inactive
            service=netfilter-persistent static activating
            pending=
            previous=
            ssh_connection=
            """)
        #expect(facts.unit == UnitState(enabled: .other("disabled"), active: .other("failed")))
        #expect(facts.unit.exists && !facts.unit.isEnabled && !facts.unit.isActive)
        #expect(facts.services["ufw"] == UnitState(enabled: .enabled, active: .active))
        #expect(facts.services["firewalld"] == UnitState(enabled: nil, active: nil))
        #expect(facts.services["nftables"]?.exists == false, "not-found is a unit systemd does not know")
        let persistent = try #require(facts.services["netfilter-persistent"])
        #expect(persistent.recorded == ("static", "activating"), "other states are kept as systemd wrote them")
        #expect(facts.pendingChange == nil && facts.previousChange == nil && facts.sshConnection == nil, "empty means none")
        #expect(try Self.facts("init=openrc\n").initSystem == .other("openrc"))
        #expect(try Self.facts("init=systemd\n").unit.recorded == ("", ""), "an unknown unit is recorded as empty lines")
    }

    @Test func theBackendIsReadFromTheIptablesVersion() throws {
        func backend(_ version: String) throws -> HostFacts.IptablesBackend? {
            try Self.facts("init=systemd\n@status\niptables=\(version)\n").iptablesBackend
        }
        #expect(try backend("iptables v1.8.9 (nf_tables)") == .nfTables)
        #expect(try backend("iptables v1.8.7 (legacy)") == .legacy)
        #expect(try backend("iptables v1.4.21") == .other("iptables v1.4.21"))
        #expect(try backend("") == nil)
    }

    @Test func aPlanIsEmptyByItsFieldsAndReportsEachOfThem() throws {
        let lines = Self.layout.files.map { "file=\($0.sha256) \($0.modeString.dropFirst()) root root \($0.path)" }.joined(separator: "\n")
        let right = "init=systemd\n\(lines)\nunit_enabled=enabled\nunit_active=active\n"
        #expect(HostPlan.install(Self.layout, facts: try Self.facts(right), firewallServices: []).isEmpty)
        let stopped = HostPlan.install(Self.layout, facts: try Self.facts(right.replacingOccurrences(of: "unit_active=active", with: "unit_active=inactive")),
                                       firewallServices: [])
        #expect(!stopped.isEmpty && stopped.files.isEmpty && stopped.restartUnit && stopped.changes == ["start iptables-docker.service"])
        let disabled = HostPlan.install(Self.layout, facts: try Self.facts(right.replacingOccurrences(of: "unit_enabled=enabled", with: "unit_enabled=disabled")),
                                        firewallServices: [])
        #expect(!disabled.isEmpty && !disabled.restartUnit && disabled.changes == ["enable iptables-docker.service"])
        let withUfw = HostPlan.install(Self.layout, facts: try Self.facts(right + "service=ufw disabled active\n"), firewallServices: ["ufw"])
        #expect(!withUfw.isEmpty && withUfw.changes == ["stop and disable ufw"] && withUfw.enabledServices.isEmpty)
        let reenable = HostPlan.uninstall(Self.layout, facts: try Self.facts("init=systemd\nservices_before=ufw\nservice=ufw disabled inactive\n"))
        #expect(!reenable.isEmpty && reenable.changes == ["re-enable ufw"])
    }

    @Test func aFileTravelsAsBase64UpToATokenOfItsHash() throws {
        let file = Self.layout.files[0]
        let lines = RemoteFile.heredoc(file, into: "'/tmp/x y'", onFailure: "fail")
        let token = "IPTFLEET_" + file.sha256.prefix(16).uppercased()
        #expect(lines.count == 3 && lines.first == "base64 -d > '/tmp/x y' <<'\(token)' || fail" && lines.last == token)
        #expect(Data(base64Encoded: lines[1], options: .ignoreUnknownCharacters) == Data(file.content.utf8))
        #expect(RemoteFile.heredoc(file, into: "\"$t\"").first == "base64 -d > \"$t\" <<'\(token)'")
        let script = (lines + ["cat '/tmp/x y'"]).joined(separator: "\n").replacingOccurrences(of: "'/tmp/x y'", with: "\"$0\"")
        let scratch = TemporaryDirectory()
        let written = scratch.path + "/out"
        let run = try ProcessRunner.run("/bin/sh", ["-c", script, written])
        #expect(run.status == 0 && run.stdout == file.content, "\(run)")
    }

    @Test func rulesetsAreComparedWithoutCountersCommentsOrQuotes() {
        let tables = RulesetDiff.sections("==> live IPv4\n*filter\n:INPUT DROP [12:3456]\n==> new IPv4\n*filter\n:INPUT DROP [0:0]\n")
        #expect(tables.keys.sorted() == ["live IPv4", "new IPv4"])
        #expect(RulesetDiff.normalized(tables["live IPv4"] ?? "") == RulesetDiff.normalized(tables["new IPv4"] ?? ""))
        #expect(RulesetDiff.normalized("# Generated by iptables-save\n-A X -m comment --comment \"web\" -j ACCEPT\n-A X -m comment --comment \"a b\" -j ACCEPT\n")
                == "-A X -m comment --comment web -j ACCEPT\n-A X -m comment --comment \"a b\" -j ACCEPT\n")
    }
}

/// The probe run by a real `sh` with coreutils on files this test writes.
struct ProbeScriptTests {
    @Test("the probe reports each present file's sha256, mode and owner, also for a path with a space, and no absent file")
    func fileFactsFromARealShell() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-probe-\(UUID().uuidString)/with space").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let files = [
            RenderedFile(path: directory + "/script.sh", owner: "root", group: "root", mode: 0o700, content: "#!/bin/sh\necho one\n", role: .script),
            RenderedFile(path: directory + "/absent.service", owner: "root", group: "root", mode: 0o644, content: "[Unit]\n", role: .unit("absent.service")),
            RenderedFile(path: directory + "/drop in.conf", owner: "root", group: "root", mode: 0o644, content: "[Service]\n", role: .file),
        ]
        let layout = try InstallLayout(files: files)
        // What is on disk differs from the rendered files: another content, another mode.
        let onDisk = RenderedFile(path: files[0].path, owner: "root", group: "root", mode: 0o750, content: "on disk\n", role: .script)
        try onDisk.content.write(toFile: onDisk.path, atomically: true, encoding: .utf8)
        chmod(files[0].path, 0o750)
        try files[2].content.write(toFile: files[2].path, atomically: true, encoding: .utf8)
        chmod(files[2].path, 0o640)

        let result = try ProcessRunner.run("/bin/sh", ["-c", HostProbe.script(layout: layout, firewallServices: ["ufw"])])
        #expect(result.status == 0, "\(result)")
        let facts = try HostProbe.parse(result.stdout)
        let owner = try #require(try FileManager.default.attributesOfItem(atPath: files[0].path)[.ownerAccountName] as? String)
        let group = try #require(try FileManager.default.attributesOfItem(atPath: files[0].path)[.groupOwnerAccountName] as? String)
        #expect(facts.files == [
            files[0].path: HostFacts.FileState(sha256: onDisk.sha256, mode: 0o750, owner: owner, group: group),
            files[2].path: HostFacts.FileState(sha256: files[2].sha256, mode: 0o640, owner: owner, group: group),
        ])
    }
}

/// Which units a plan's files configure, for the apply script's reload decision.
struct PlanUnitsTests {
    @Test("the firewall's script and unit are the files with those roles, whatever their names and modes")
    func layoutFollowsTheRoles() throws {
        let file = { (path: String, mode: UInt16, role: FileRole) in RenderedFile(path: path, owner: "root", group: "root", mode: mode, content: "x\n", role: role) }
        let layout = try InstallLayout(files: [
            file("/usr/local/bin/helper", 0o755, .file), file("/etc/systemd/system/other.service", 0o644, .file),
            file("/usr/local/sbin/fw", 0o644, .script), file("/etc/systemd/system/fw.service", 0o644, .unit("fw.service")),
        ])
        #expect(layout.scriptPath == "/usr/local/sbin/fw" && layout.unitName == "fw.service")
        let noUnit = #expect(throws: InstallLayout.Incomplete.self) { try InstallLayout(files: [file("/etc/systemd/system/fw.service", 0o644, .file)]) }
        #expect(noUnit?.description == "the templates' manifest installs no systemd unit (no file has role: unit)")
        let noScript = #expect(throws: InstallLayout.Incomplete.self) { try InstallLayout(files: [file("/usr/local/sbin/fw", 0o700, .file), layout.files[3]]) }
        #expect(noScript?.description == "the templates' manifest installs no firewall script (no file has role: script)")
    }

    @Test("a unit file names its unit, a drop-in the unit of its directory, the script none")
    func unitsOfChangedFiles() throws {
        let layout = try InstallLayout(files: PlanTests.layout.files + [
            RenderedFile(path: "/etc/systemd/system/docker.service.d/iptables-docker.conf", owner: "root", group: "root", mode: 0o644, content: "[Service]\n",
                         role: .dropIn("docker.service")),
        ])
        let plan = HostPlan.install(layout, facts: try PlanTests.facts("init=systemd\n"), firewallServices: [])
        #expect(plan.unitsOfChangedFiles == ["iptables-docker.service", "docker.service"])
        let script = ApplyScript.make(plan, layout: layout)
        #expect(script.contains("systemctl show -p LoadState,NeedDaemonReload -- 'iptables-docker.service' 'docker.service'"))
        #expect(!script.contains("\nsystemctl daemon-reload"), "the reload is conditional")
    }
}
