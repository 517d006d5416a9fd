import Foundation
import IptFleetCore
import IptFleetSSH
import Testing
@testable import IptFleetDeploy

/// Every branch of the per-host flow against a scripted host (`ScriptedHost`): what the host is
/// asked, in which order, and what iptfleet reports. The lab tests prove real hosts answer so.
struct HostRunnerFlowTests {
    typealias Flow = ScriptedFlow

    @Test func aHostThatCannotBeReachedIsUnreachableAndAskedNothing() throws {
        let host = ScriptedHost()
        host.refuseOpen { _, _ in SSHError.connectionRefused(endpoint: "h1:22") }
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .unreachable)
        #expect(result.reason == SSHError.connectionRefused(endpoint: "h1:22").description)
        #expect(host.received.isEmpty)
    }

    @Test func pingReportsTheUserOrTheFailure() throws {
        let host = ScriptedHost()
        host.on(.whoami, Reply.ok("root\n"), Reply.failing("sudo: a password is required"))
        let runner = Flow.runner(.ping, host)
        let ok = runner.run(try Flow.target())
        #expect(ok.status == .ok && ok.details["user"] == "root")
        let failed = runner.run(try Flow.target())
        #expect(failed.status == .failed && failed.reason == "sudo: a password is required (exit status 1)")
        #expect(host.kinds == [.whoami, .whoami])
    }

    @Test func aCommandThatTimesOutFailsTheHost() throws {
        let host = ScriptedHost()
        let timeout = SSHError.commandTimedOut(endpoint: "h1:22", command: "probe", after: .seconds(120))
        host.on(.probe, Reply.throwing(timeout))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .failed && result.reason == timeout.description)
    }

    @Test func aFailedOrUnreadableProbeFailsTheHost() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.failing("sh: 1: awk: not found", status: 127), Reply.ok("sudo: a password is required\n"))
        let runner = Flow.runner(.deploy, host)
        #expect(runner.run(try Flow.target()).reason == "the probe failed: sh: 1: awk: not found (exit status 127)")
        let unreadable = runner.run(try Flow.target())
        #expect(unreadable.status == .failed && unreadable.reason == "the host's answer to the probe is not a probe answer: sudo: a password is required\n")
        #expect(host.kinds == [.probe, .probe])
    }

    @Test func aHostWithoutSystemdIsLeftAlone() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok("init=openrc\n"))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .failed && result.reason?.hasPrefix("PID 1 is openrc, not systemd") == true)
        #expect(host.kinds == [.probe])
    }

    @Test func aPendingChangeBlocksANewOne() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok("init=systemd\npending=0123456789ab\n"))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .failed && result.reason?.hasPrefix("change 0123456789ab on this host still waits") == true)
        #expect(host.kinds == [.probe])
    }

    @Test func aHostAlreadyRightIsOkAndUntouched() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.installedHost))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .ok && result.changes.isEmpty)
        #expect(host.kinds == [.probe])
    }

    @Test func aPolicyThatLocksIptfleetOutIsRefusedUnlessForced() throws {
        let target = try Flow.target(variables: #""ssh_allow_cidr": ["192.0.2.0/24"]"#)
        let refused = ScriptedHost()
        refused.on(.probe, Reply.ok(Flow.freshHost))
        let result = Flow.runner(.deploy, refused).run(target)
        #expect(result.status == .failed)
        #expect(result.reason?.hasPrefix("refused, nothing changed: the new rules would lock iptfleet out: SSH from 10.0.0.5 to port 22") == true)
        #expect(result.reason?.hasSuffix("(--force overrides)") == true)
        #expect(refused.kinds == [.probe])

        let forced = ScriptedHost()
        forced.on(.probe, Reply.ok(Flow.freshHost))
        forced.on(.apply, Reply.ok())
        forced.on(.confirm, Reply.confirm("confirmed"))
        #expect(Flow.runner(.deploy, forced, options: RunOptions(force: true)).run(target).status == .changed)
        #expect(forced.kinds == [.probe, .apply, .confirm])
    }

    @Test func aSwarmNodeThePolicyWouldCutOffIsRefused() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost + "@docker\nswarm=active false 10.0.0.1\nswarm_managers=10.0.0.2:2377 \n"))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.reason == "refused, nothing changed: the host is a swarm worker but swarm_enabled is false: the new rules would cut it off the swarm; set swarm_enabled and swarm_cidr (--force overrides)")
        #expect(host.kinds == [.probe])
    }

    @Test func checkModeReportsTheChangesAndSendsNothing() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        let result = Flow.runner(.deploy, host, options: RunOptions(check: true)).run(try Flow.target())
        #expect(result.status == .changed && result.changes.first == "create /usr/local/sbin/iptables-docker.sh")
        #expect(result.diff == nil)
        #expect(host.kinds == [.probe])
    }

    @Test func diffShowsTheFilesAndTheRulesets() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        host.on(.fileDiff, Reply.ok("==> /usr/local/sbin/iptables-docker.sh\n==> /etc/systemd/system/iptables-docker.service\n"))
        host.on(.rulesetPreview, Reply.ok("==> live IPv4\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n==> new IPv4\n*filter\n:INPUT DROP [0:0]\nCOMMIT\n"))
        let result = Flow.runner(.deploy, host, options: RunOptions(check: true, diff: true)).run(try Flow.target())
        let diff = try #require(result.diff)
        #expect(diff.contains("+++ /usr/local/sbin/iptables-docker.sh (rendered)") && diff.contains("+echo hi"))
        #expect(diff.contains("-:INPUT ACCEPT") && diff.contains("+:INPUT DROP"))
        #expect(host.kinds == [.probe, .fileDiff, .rulesetPreview])
    }

    @Test func aFailedApplyFailsTheHostWithItsLastError() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        host.on(.apply, Reply.failing("iptfleet: the new ruleset was rejected, nothing changed: iptables-restore: line 3 failed"))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .failed)
        #expect(result.reason == "iptfleet: the new ruleset was rejected, nothing changed: iptables-restore: line 3 failed (exit status 1)")
        #expect(host.kinds == [.probe, .apply])
    }

    @Test func aRuleChangeIsArmedAndConfirmedOverANewChannel() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        host.on(.apply, Reply.ok())
        host.on(.confirm, Reply.confirm("confirmed"))
        let result = Flow.runner(.deploy, host).run(try Flow.target())
        #expect(result.status == .changed && result.changes.contains("start iptables-docker.service"))
        #expect(host.kinds == [.probe, .apply, .confirm])
        #expect(host.opens == 2, "the confirmation needs a new connection")
        let applied = String(decoding: try #require(host.received[1].stdin), as: UTF8.self)
        // The arm script's parameters (`HostScripts.arm`) name the change it arms.
        let armed = try #require(applied.firstMatch(of: /\nid='([0-9a-f]{12})'\n/)?.output.1)
        #expect(host.received[2].command.hasPrefix("id='\(armed)'\n"), "the confirmation names the armed change")
        #expect(host.mostChannelsAtOnce == 1, "the first channel is closed before the confirmation")
    }

    @Test func aChangeTheHostUndidIsRolledBackAndOneItForgotIsLost() throws {
        let undone = ScriptedHost()
        undone.on(.probe, Reply.ok(Flow.freshHost))
        undone.on(.apply, Reply.ok())
        undone.on(.confirm, Reply.confirm("reverted"))
        let rolledBack = Flow.runner(.deploy, undone).run(try Flow.target())
        #expect(rolledBack.status == .rolledBack && rolledBack.reason == "the host undid the change before it was confirmed")

        let forgotten = ScriptedHost()
        forgotten.on(.probe, Reply.ok(Flow.freshHost))
        forgotten.on(.apply, Reply.ok())
        forgotten.on(.confirm, Reply.confirm("unknown"))
        let lost = Flow.runner(.deploy, forgotten).run(try Flow.target())
        #expect(lost.status == .unreachable && lost.reason?.hasPrefix("the host does not know change") == true)
    }

    @Test func withoutANewConnectionTheHostRollsBackByItself() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        host.on(.apply, Reply.ok())
        host.on(.revertStatus, Reply.confirm("reverted"))
        // A timeout of 0 s: the host's timer fires at once, before any confirmation is tried.
        let result = Flow.runner(.deploy, host, options: RunOptions(confirmTimeout: 0)).run(try Flow.target())
        #expect(result.status == .rolledBack)
        #expect(result.reason == "no new SSH connection got through within 0 s of the switch (last error: no attempt); the host put its previous rules and files back by itself")
        #expect(host.kinds == [.probe, .apply, .revertStatus])
    }

    @Test func anUninstallNeedsNoConfirmation() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.installedHost))
        host.on(.apply, Reply.ok())
        let result = Flow.runner(.uninstall, host).run(try Flow.target())
        #expect(result.status == .changed && result.changes.contains("remove /usr/local/sbin/iptables-docker.sh"), "\(result.changes)")
        #expect(host.kinds == [.probe, .apply])
    }

    static let swarmPolicy = #""swarm_enabled": true, "swarm_cidr": ["10.0.0.0/8"]"#

    @Test func aHealthySwarmManagerChangesAndIsCheckedAgainAfterwards() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost + Flow.managerSwarm()))
        host.on(.swarm, Reply.ok(Flow.managerSwarm()))
        host.on(.apply, Reply.ok())
        host.on(.confirm, Reply.confirm("confirmed"))
        let result = Flow.runner(.deploy, host).run(try Flow.target(variables: Self.swarmPolicy))
        #expect(result.status == .changed)
        #expect(host.kinds == [.probe, .swarm, .apply, .confirm, .swarm])
        #expect(host.opens == 3, "the health after the change is asked over a new connection")
    }

    @Test func aManagerWaitsForItsPeersAndIsRefusedWhenOneStaysUnhealthy() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost + Flow.managerSwarm()))
        host.on(.swarm, Reply.ok(Flow.managerSwarm(peer: "down\",\"unreachable")))
        let result = Flow.runner(.deploy, host).run(try Flow.target(variables: Self.swarmPolicy))
        #expect(result.status == .failed)
        #expect(result.reason == "refused, nothing changed: other swarm managers are unhealthy (m2 (down, unreachable)); changing this one could cost the swarm its quorum")
        #expect(host.kinds == [.probe, .swarm])
    }

    @Test func aManagerWhoseSwarmIsUnhealthyAfterTheChangeFails() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost + Flow.managerSwarm()))
        host.on(.swarm, Reply.ok(Flow.managerSwarm()), Reply.ok(Flow.managerSwarm(peer: "down\",\"unreachable")))
        host.on(.apply, Reply.ok())
        host.on(.confirm, Reply.confirm("confirmed"))
        let result = Flow.runner(.deploy, host).run(try Flow.target(variables: Self.swarmPolicy))
        #expect(result.status == .failed && result.reason == "after the change, swarm managers are unhealthy: m2 (down, unreachable)")
        #expect(host.kinds == [.probe, .swarm, .apply, .confirm, .swarm])
    }

    @Test func rollbackNeedsARecordedChange() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok("init=systemd\n"))
        let result = Flow.runner(.rollback, host).run(try Flow.target())
        #expect(result.status == .failed && result.reason == "nothing to roll back: no confirmed change is recorded in /var/lib/iptables-docker/previous")
        #expect(host.kinds == [.probe])
    }

    @Test func rollbackChecksRunsAndReportsItsFailure() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok("init=systemd\nprevious=ba9876543210\n"))
        host.on(.rollback, Reply.ok(), Reply.failing("iptfleet revert: cannot restore the iptables-nft rules"))
        let check = Flow.runner(.rollback, host, options: RunOptions(check: true)).run(try Flow.target())
        #expect(check.status == .changed && check.changes == ["put back the files, unit state and rules from before change ba9876543210"])
        #expect(host.kinds == [.probe])
        let done = Flow.runner(.rollback, host).run(try Flow.target())
        #expect(done.status == .changed)
        #expect(host.received.last?.command.hasPrefix("id='ba9876543210'\n") == true, "the rollback checks it undid that change")
        let failed = Flow.runner(.rollback, host).run(try Flow.target())
        #expect(failed.status == .failed && failed.reason == "the rollback failed: iptfleet revert: cannot restore the iptables-nft rules (exit status 1)")
    }

    @Test func statusIsOkOrFailedWhenInputIsOpenOnAnInterface() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.installedHost + "@status\niptables=iptables v1.8.9 (nf_tables)\nrules=12\n"),
                Reply.ok(Flow.installedHost + "@status\ninput_accepts=eth0 uplink\n"))
        let runner = Flow.runner(.status, host)
        let ok = runner.run(try Flow.target())
        #expect(ok.status == .ok && ok.details["backend"] == "nf_tables" && ok.details["seen_from"] == "10.0.0.5")
        let exposed = runner.run(try Flow.target())
        #expect(exposed.status == .failed && exposed.reason?.hasPrefix("INPUT accepts every packet on eth0 (a default route leaves by it): the firewall is open there") == true, "\(exposed.reason ?? "")")
    }

    // MARK: ansible_connection=local

    @Test func aLocalRuleChangeWithoutATerminalIsRefused() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        let result = Flow.runner(.deploy, host).run(try Flow.target(type: .local))
        #expect(result.status == .failed)
        #expect(result.reason == "refused, nothing changed: ansible_connection=local keeps a rule change only when the operator confirms it on the terminal (as iptables-apply does), and stdin is not a terminal; run iptfleet in an interactive terminal on this host, or deploy to it over SSH")
        #expect(host.kinds == [.probe])
    }

    @Test func aLocalRuleChangeIsKeptOnlyWhenTheOperatorSaysYes() throws {
        let yes = ScriptedHost()
        yes.on(.probe, Reply.ok(Flow.freshHost))
        yes.on(.apply, Reply.ok())
        yes.on(.confirm, Reply.confirm("confirmed"))
        let kept = Flow.runner(.deploy, yes, prompt: ScriptedPrompt(canAsk: true, answer: "y")).run(try Flow.target(type: .local))
        #expect(kept.status == .changed)
        #expect(yes.kinds == [.probe, .apply, .confirm])

        let no = ScriptedHost()
        no.on(.probe, Reply.ok(Flow.freshHost))
        no.on(.apply, Reply.ok())
        no.on(.revertStatus, Reply.confirm("reverted"))
        let undone = Flow.runner(.deploy, no, options: RunOptions(confirmTimeout: 0), prompt: ScriptedPrompt(canAsk: true, answer: "n"))
            .run(try Flow.target(type: .local))
        #expect(undone.status == .rolledBack)
        #expect(undone.reason == "not confirmed on the terminal within 0 s of the switch (the answer was 'n', not yes); the host put its previous rules and files back by itself")
        #expect(no.kinds == [.probe, .apply, .revertStatus], "no confirmation is sent without a yes")
    }

    @Test func aLocalPolicyThatCutsTheOperatorsSessionIsRefused() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost))
        let result = Flow.runner(.deploy, host, prompt: ScriptedPrompt(canAsk: true, answer: "y"))
            .run(try Flow.target(variables: #""ssh_allow_cidr": ["192.0.2.0/24"]"#, type: .local))
        #expect(result.reason?.hasPrefix("refused, nothing changed: the new rules would lock the SSH session iptfleet runs in out: SSH from 10.0.0.5 to port 22 (as seen by the host ($SSH_CONNECTION)) is not admitted") == true,
                "\(result.reason ?? "")")
        #expect(host.kinds == [.probe])
    }
}
