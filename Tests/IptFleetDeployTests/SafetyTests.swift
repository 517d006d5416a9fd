import Foundation
import TestSupport
import Testing

/// The safety model (Docs/design.md, safety model) on real booted hosts: the pre-flight lock-out check,
/// commit-confirm with the host's own rollback timer, batches that stop, and `rollback`.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct SafetyTests {
    /// An inventory directory of its own: the lab's hosts.ini plus group_vars/ and host_vars/.
    struct Project {
        let directory: String
        let fleet: LabFleet

        init(_ fleet: LabFleet) throws {
            self.fleet = fleet
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-safety-\(UUID().uuidString)").path
            for sub in ["group_vars", "host_vars"] {
                try FileManager.default.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(atPath: fleet.inventoryPath, toPath: directory + "/hosts.ini")
        }

        /// Writes `group_vars/all.yml`.
        func allVars(_ yaml: String) throws {
            try yaml.write(toFile: directory + "/group_vars/all.yml", atomically: true, encoding: .utf8)
        }

        func hostVars(_ host: LabFleet.Host, _ yaml: String) throws {
            try yaml.write(toFile: directory + "/host_vars/\(host.name).yml", atomically: true, encoding: .utf8)
        }

        var arguments: [String] { ["-i", directory + "/hosts.ini", "--known-hosts", fleet.knownHostsPath] }

        func iptfleet(_ command: String, _ extra: [String] = []) throws -> ProcessRunner.Result {
            try ProcessRunner.run(ProcessRunner.iptfleet, [command] + arguments + extra)
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// What a rollback must put back: every table's rules (counters and comments dropped) and
    /// the installed files' checksums.
    static func state(_ fleet: LabFleet, _ host: LabFleet.Host) throws -> String {
        try fleet.runChecked("iptables-save | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'; "
                             + "sha256sum /usr/local/sbin/iptables-docker.sh /etc/systemd/system/iptables-docker.service 2>&1; "
                             + "systemctl is-enabled iptables-docker 2>&1; systemctl is-active iptables-docker 2>&1; true", on: host)
    }

    /// How many logins sshd on `host` has accepted (this query's own included).
    static func acceptedLogins(_ fleet: LabFleet, _ host: LabFleet.Host) throws -> Int {
        Int(try fleet.runChecked("journalctl -u ssh -q --no-pager -g 'Accepted publickey' | wc -l", on: host)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func aPolicyThatExcludesTheControllerIsRefusedBeforeAnyHostIsContacted() throws {
        try LabFleet.with(hosts: 3) { fleet in
            let project = try Project(fleet)
            defer { project.remove() }
            try project.allVars("ssh_allow_cidr: [192.0.2.0/24]\n")
            let before = try fleet.hosts.map { try Self.state(fleet, $0) }
            let logins = try fleet.hosts.map { try Self.acceptedLogins(fleet, $0) }

            let refused = try project.iptfleet("deploy")
            #expect(refused.status == 1, "\(refused)")
            for host in fleet.hosts {
                #expect(refused.stderr.contains("error: \(host.name): the new rules would lock iptfleet out: SSH from 10.231.128.1 to port 22 (as seen by this machine's route to the host) is not admitted (ssh_allow_cidr: 192.0.2.0/24, SSH port 22); add 10.231.128.1 to ssh_allow_cidr (--force overrides)"), "\(refused)")
            }
            #expect(refused.stderr.contains("refused: nothing was sent to any host."), "\(refused)")
            #expect(try fleet.hosts.map { try Self.state(fleet, $0) } == before, "a refused deploy changed a host")
            // Two more logins each: the state query and this one; none by iptfleet.
            #expect(try fleet.hosts.map { try Self.acceptedLogins(fleet, $0) } == logins.map { $0 + 2 }, "iptfleet connected to a host")
        }
    }

    @Test func aChangeThatCutsSSHIsUndoneByTheHostWithinTheConfirmTimeout() throws {
        try LabFleet.with(hosts: 3) { fleet in
            let project = try Project(fleet)
            defer { project.remove() }
            try project.allVars("iptables_allow_rules: [{desc: web, proto: tcp, port: 8080}]\n")
            let first = try project.iptfleet("deploy")
            #expect(first.status == 0, "\(first)")
            let cut = fleet.hosts[0]
            let before = try Self.state(fleet, cut)

            // Every host gets a new rule; the first also loses the controller from ssh_allow_cidr.
            try project.allVars("iptables_allow_rules: [{desc: web, proto: tcp, port: 8080}, {desc: alt, proto: tcp, port: 8081}]\n")
            try project.hostVars(cut, "ssh_allow_cidr: [192.0.2.0/24]\n")
            let started = Date()
            let forced = try project.iptfleet("deploy", ["--force", "--confirm-timeout", "10"])
            #expect(forced.status == 2, "\(forced)")
            #expect(forced.stderr.contains("warning: --force: \(cut.name): the new rules would lock iptfleet out"), "\(forced)")
            #expect(forced.status(of: cut.name) == "rolled-back", "\(forced)")
            #expect(forced.stdout.contains("no new SSH connection got through within 10 s of the switch (last error: "), "\(forced)")
            #expect(forced.stdout.contains("); the host put its previous rules and files back by itself"), "\(forced)")
            for other in fleet.hosts.dropFirst() {
                #expect(forced.status(of: other.name) == "changed", "\(forced)")
                #expect(try fleet.runChecked("iptables-save -t filter", on: other).contains("--dport 8081"))
            }

            #expect(try Self.state(fleet, cut) == before, "the host is back to its previous rules, files and unit state")
            let times = try fleet.runChecked("cd /var/lib/iptables-docker/reverted && cat armed-at reverted-at", on: cut)
                .split(separator: "\n").compactMap { ISO8601DateFormatter().date(from: String($0)) }
            try #require(times.count == 2, "\(times)")
            #expect(times[1].timeIntervalSince(times[0]) <= 10 + 5, "undone \(times[1].timeIntervalSince(times[0])) s after it was armed")
            #expect(times[0] >= started.addingTimeInterval(-1), "armed by this run")
            #expect(try fleet.run("test -e /var/lib/iptables-docker/pending", on: cut).status != 0, "nothing is left armed")
        }
    }

    /// Starts a deploy whose unit start lingers 30 s after the switch (a user template with an
    /// ExecStartPost), waits until the new rules are live and armed, and SIGKILLs the controller.
    private func killControllerAfterTheSwitch(_ project: Project, on host: LabFleet.Host, confirmTimeout: Int) throws {
        let templates = project.directory + "/templates"
        try FileManager.default.copyItem(atPath: Repository.root + "/Templates", toPath: templates)
        let unit = templates + "/iptables-docker.service"
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        try text.replacingOccurrences(of: "ExecReload=", with: "ExecStartPost=/bin/sleep 30\nExecReload=")
            .write(toFile: unit, atomically: true, encoding: .utf8)
        try project.allVars("iptables_allow_rules: [{desc: alt, proto: tcp, port: 8081}]\n")

        let controller = try ChildProcess(ProcessRunner.iptfleet, ["deploy"] + project.arguments + ["--templates", templates, "--confirm-timeout", String(confirmTimeout)])
        defer { if controller.isRunning { kill(controller.pid, SIGKILL); controller.wait() } }
        let switched = try project.fleet.run("for i in $(seq 240); do test -e /var/lib/iptables-docker/pending/armed && iptables-save -t filter | grep -q -- '--dport 8081' && exit 0; sleep 0.25; done; exit 1", on: host, timeout: 90)
        #expect(switched.succeeded, "the new rules went live while the change was armed: \(switched)")
        kill(controller.pid, SIGKILL)
        #expect(controller.wait() == 128 + SIGKILL)
    }

    /// Waits until the host has undone a change and its firewall unit has settled.
    private func awaitUndone(_ fleet: LabFleet, on host: LabFleet.Host) throws {
        let undone = try fleet.run("for i in $(seq 240); do test -f /var/lib/iptables-docker/reverted/reverted-at && exit 0; sleep 0.25; done; exit 1", on: host, timeout: 90)
        #expect(undone.succeeded, "the host undid the change without the controller: \(undone)")
        // The unit may still run the ExecStartPost sleep of the undone change: up to 30 s, more on a busy machine.
        try fleet.runChecked("while [ \"$(systemctl is-active iptables-docker)\" = activating ]; do sleep 0.5; done", on: host, timeout: 120)
    }

    /// Boots one host, installs the firewall on it, and runs `body` with the host's state then.
    private func withOneInstalledHost(_ body: (LabFleet, LabFleet.Host, Project, String) throws -> Void) throws {
        try LabFleet.with(hosts: 1) { fleet in
            let project = try Project(fleet)
            defer { project.remove() }
            #expect(try project.iptfleet("deploy").status == 0)
            try body(fleet, fleet.hosts[0], project, try Self.state(fleet, fleet.hosts[0]))
        }
    }

    @Test func aControllerKilledAfterTheSwitchLeavesTheHostToUndoTheChangeByItself() throws {
        try withOneInstalledHost { fleet, host, project, before in
            try killControllerAfterTheSwitch(project, on: host, confirmTimeout: 20)
            let meanwhile = try project.iptfleet("deploy")
            #expect(meanwhile.status == 2, "\(meanwhile)")
            #expect(meanwhile.stdout.contains(" on this host still waits for its confirmation or its rollback timer; run again once the timer has fired"), "\(meanwhile)")
            try awaitUndone(fleet, on: host)
            let after = try Self.state(fleet, host)
            #expect(after == before, "before:\n\(before)\nafter:\n\(after)")
        }
    }

    /// A stand-in `ufw.service`, enabled and active. Once installed, a start of it waits (up to
    /// 10 minutes) until `releaseFakeUFW` is called: a window that lasts until the test closes
    /// it, however loaded the machine is.
    private func installFakeUFW(_ fleet: LabFleet, on host: LabFleet.Host) throws {
        let start = "#!/bin/sh\\nfor i in $(seq 6000); do [ -e \(Self.ufwRelease) ] && exit 0; sleep 0.1; done\\n"
        try fleet.runChecked("printf '\(start)' >/usr/local/sbin/fake-ufw-start && chmod 755 /usr/local/sbin/fake-ufw-start"
                             + " && printf '[Service]\\nType=oneshot\\nRemainAfterExit=yes\\nExecStart=/usr/local/sbin/fake-ufw-start\\n[Install]\\nWantedBy=multi-user.target\\n'"
                             + " >/etc/systemd/system/ufw.service && systemctl daemon-reload && touch \(Self.ufwRelease)"
                             + " && systemctl enable --now ufw 2>/dev/null && rm \(Self.ufwRelease)", on: host, timeout: 60)
    }

    /// Lets a waiting start of the stand-in `ufw.service` finish.
    private func releaseFakeUFW(_ fleet: LabFleet, on host: LabFleet.Host) throws {
        try fleet.runChecked("touch \(Self.ufwRelease)", on: host)
    }

    private static let ufwRelease = "/run/iptfleet-test-ufw-may-start"

    /// A deploy whose only change is to stop a firewall service can cut SSH too: it is armed
    /// and confirmed like a rule change (security review F2).
    @Test func stoppingAFirewallServiceAloneIsArmedAndConfirmed() throws {
        try withOneInstalledHost { fleet, host, project, _ in
            let first = try fleet.runChecked("cat /var/lib/iptables-docker/previous/id", on: host)
            try installFakeUFW(fleet, on: host)
            try releaseFakeUFW(fleet, on: host)
            let deploy = try project.iptfleet("deploy", ["-v"])
            #expect(deploy.status == 0 && deploy.status(of: host.name) == "changed", "\(deploy)")
            #expect(deploy.stdout.contains("stop and disable ufw") && !deploy.stdout.contains("restart iptables-docker"), "the plan stops ufw only: \(deploy)")
            let second = try fleet.runChecked("cat /var/lib/iptables-docker/previous/id", on: host)
            #expect(second != first, "the change was armed and confirmed (a new confirmed change id)")
            #expect(try fleet.runChecked("cat /var/lib/iptables-docker/previous/services", on: host) == "ufw\n")
            #expect(try fleet.run("systemctl is-enabled ufw", on: host).standardOutput == "disabled\n")
        }
    }

    /// While the host's timer undoes a change, a new one is refused and the undo concerns only
    /// its own change (security review F4): arming, confirming and undoing hold one lock.
    @Test func aChangeArrivingWhileTheHostUndoesAnotherIsRefused() throws {
        try withOneInstalledHost { fleet, host, project, _ in
            // The undo re-enables ufw, whose start waits until the test releases it: the window
            // in which a deploy arrives, open however long a loaded machine takes to probe.
            try installFakeUFW(fleet, on: host)
            let before = try Self.state(fleet, host)
            try killControllerAfterTheSwitch(project, on: host, confirmTimeout: 5)
            let undoing = try fleet.run("for i in $(seq 300); do if test -e /var/lib/iptables-docker/pending/reverting; then cat /var/lib/iptables-docker/pending/id; exit 0; fi; sleep 0.1; done; exit 1",
                                        on: host, timeout: 60)
            try #require(undoing.succeeded, "the timer started the undo: \(undoing)")
            let undone = undoing.standardOutput
            try project.allVars("iptables_allow_rules: [{desc: late, proto: tcp, port: 8082}]\n")
            let meanwhile = try project.iptfleet("deploy")
            #expect(meanwhile.status == 2 && meanwhile.status(of: host.name) == "failed", "\(meanwhile)")
            #expect(meanwhile.stdout.contains("\(undone.trimmingCharacters(in: .whitespacesAndNewlines)) on this host still waits for its confirmation or its rollback timer"), "\(meanwhile)")
            try releaseFakeUFW(fleet, on: host)
            try awaitUndone(fleet, on: host)
            #expect(try fleet.runChecked("cat /var/lib/iptables-docker/reverted/id", on: host) == undone, "the undo filed its own change")
            #expect(try fleet.run("test -e /var/lib/iptables-docker/pending", on: host).status != 0, "nothing is left armed")
            #expect(try Self.state(fleet, host) == before)
            #expect(try fleet.run("systemctl is-enabled ufw", on: host).standardOutput == "enabled\n")
        }
    }

    /// Whoever holds the host's change lock (an undo, a confirmation, another controller's
    /// apply) keeps a new change out, and nothing changes.
    @Test func aDeployWhileTheChangeLockIsHeldIsRefused() throws {
        try withOneInstalledHost { fleet, host, project, before in
            try fleet.runChecked("systemd-run --unit=iptfleet-test-hold flock /var/lib/iptables-docker/change.lock sleep 60 >/dev/null 2>&1"
                                 + " && for i in $(seq 50); do flock -n /var/lib/iptables-docker/change.lock true || exit 0; sleep 0.1; done; exit 1", on: host)
            defer { _ = try? fleet.run("systemctl stop iptfleet-test-hold", on: host) }
            try project.allVars("iptables_allow_rules: [{desc: late, proto: tcp, port: 8082}]\n")
            let refused = try project.iptfleet("deploy")
            #expect(refused.status == 2 && refused.status(of: host.name) == "failed", "\(refused)")
            #expect(refused.stdout.contains("another change is being armed, confirmed or undone on this host right now; try again in a minute"), "\(refused)")
            #expect(try Self.state(fleet, host) == before)
        }
    }

    @Test func aHostRebootedInsideItsConfirmWindowComesUpWithItsPreviousFirewall() throws {
        try withOneInstalledHost { fleet, host, project, before in
            // A change that cuts SSH, with a window far longer than a reboot: the transient
            // timer dies with the reboot, so only the boot guard can undo the change.
            try project.hostVars(host, "ssh_allow_cidr: [192.0.2.0/24]\n")
            let output = project.directory + "/controller.out"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let controller = try ChildProcess(ProcessRunner.iptfleet, ["deploy"] + project.arguments + ["--force", "--confirm-timeout", "600"],
                                              stdout: output, stderr: .file("/dev/null"))
            defer { if controller.isRunning { kill(controller.pid, SIGKILL); controller.wait() } }
            // Up to 3 minutes: a connection that succeeds returns at once, so the deadline is in
            // time, not in attempts (a loaded machine takes long to get the deploy there).
            var cut = false
            let deadline = Date().addingTimeInterval(180)
            while !cut, Date() < deadline {
                cut = try !TCPProbe.connects(to: host.address, port: 22, within: 1)
                if !cut { Thread.sleep(forTimeInterval: 0.5) }
            }
            #expect(cut, "the new rules cut SSH")

            try fleet.reboot(host)  // returns once the host answers SSH again
            let after = try Self.state(fleet, host)
            #expect(after == before, "before:\n\(before)\nafter:\n\(after)")
            let journal = try fleet.runChecked("journalctl -b -u iptfleet-undo-unconfirmed --no-pager -o cat", on: host)
            #expect(journal.contains("iptfleet revert: change"), "\(journal)")

            // The controller, still trying to confirm, gets through now and learns the change was undone.
            for _ in 0..<120 where controller.isRunning { Thread.sleep(forTimeInterval: 0.5) }
            #expect(!controller.isRunning)
            let report = try String(contentsOfFile: output, encoding: .utf8)
            #expect(report.contains("rolled-back \(host.name): the host undid the change before it was confirmed"), "\(report)")
        }
    }

    @Test func aBatchWithAFailureStopsTheRunAndLaterHostsAreSkippedUntouched() throws {
        try LabFleet.with(hosts: 5) { fleet in
            let project = try Project(fleet)
            defer { project.remove() }
            let broken = fleet.hosts[1]
            try fleet.runChecked("for t in iptables-nft-restore iptables-legacy-restore; do printf '#!/bin/sh\\necho simulated restore failure >&2\\nexit 1\\n' > /usr/sbin/$t; done", on: broken)
            let untouched = try fleet.hosts.suffix(2).map { try Self.state(fleet, $0) }

            let run = try project.iptfleet("deploy", ["--serial", "1,2", "--max-fail-percentage", "0"])
            #expect(run.status == 2, "\(run)")
            #expect(run.status(of: fleet.hosts[0].name) == "changed", "\(run)")
            #expect(run.status(of: broken.name) == "failed", "\(run)")
            #expect(run.status(of: fleet.hosts[2].name) == "changed", "the rest of the failing batch still runs: \(run)")
            for host in fleet.hosts.suffix(2) {
                #expect(run.status(of: host.name) == "skipped", "\(run)")
            }
            #expect(run.stdout.contains("not started: the run stopped after batch 2 of 3 (1 of 2 host(s) failed, more than --max-fail-percentage 0)"), "\(run)")
            #expect(run.stdout.contains("TOTAL               : ok=0 changed=2 unreachable=0 failed=1 skipped=2 rolled-back=0"), "\(run)")
            #expect(try fleet.hosts.suffix(2).map { try Self.state(fleet, $0) } == untouched, "skipped hosts were touched")
        }
    }

    @Test func rollbackPutsBackThePreviousRulesetAndFilesOnEveryHost() throws {
        try LabFleet.with(hosts: 3) { fleet in
            let project = try Project(fleet)
            defer { project.remove() }
            try project.allVars("iptables_allow_rules: [{desc: web, proto: tcp, port: 8080}]\n")
            #expect(try project.iptfleet("deploy").status == 0)
            let before = try fleet.hosts.map { try Self.state(fleet, $0) }

            try project.allVars("iptables_allow_rules: [{desc: web, proto: tcp, port: 8080}, {desc: alt, proto: tcp, port: 8081}]\n")
            let update = try project.iptfleet("deploy")
            #expect(fleet.hosts.allSatisfy { update.status(of: $0.name) == "changed" }, "\(update)")
            #expect(try fleet.hosts.map { try Self.state(fleet, $0) } != before)

            let check = try project.iptfleet("rollback", ["--check"])
            #expect(fleet.hosts.allSatisfy { check.status(of: $0.name) == "changed" }, "\(check)")
            let rollback = try project.iptfleet("rollback", ["--serial", "1"])
            #expect(rollback.status == 0, "\(rollback)")
            #expect(fleet.hosts.allSatisfy { rollback.status(of: $0.name) == "changed" }, "\(rollback)")
            #expect(try fleet.hosts.map { try Self.state(fleet, $0) } == before, "every host has exactly its previous rules and files")

            let again = try project.iptfleet("rollback")
            #expect(again.status == 2, "\(again)")
            #expect(again.stdout.contains("nothing to roll back: no confirmed change is recorded in /var/lib/iptables-docker/previous"), "\(again)")
        }
    }
}
