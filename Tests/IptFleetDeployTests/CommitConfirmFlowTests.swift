import Foundation
import IptFleetCore
import IptFleetSSH
import Testing
@testable import IptFleetDeploy

/// Every outcome of `CommitConfirm`, over SSH and on a `local` host, on a scripted host.
struct CommitConfirmFlowTests {
    typealias Flow = ScriptedFlow

    /// Confirms change 0123456789ab, armed `armedAgo` ago with `timeout`.
    static func confirm(_ host: ScriptedHost, timeout: Int = 5, armedAgo: Duration = .zero, type: ConnectionType = .ssh,
                        prompt: ScriptedPrompt = ScriptedPrompt(canAsk: true, answer: nil)) throws -> CommitConfirm.Outcome {
        CommitConfirm(target: try Flow.target(type: type), change: CommitConfirm.Change(id: "0123456789ab", timeoutSeconds: timeout),
                      armedAfter: .now - armedAgo, connector: host, prompt: prompt, timing: Flow.fast).run()
    }

    @Test func theFirstNewConnectionConfirms() throws {
        let host = ScriptedHost()
        host.on(.confirm, Reply.confirm("confirmed"))
        #expect(try Self.confirm(host) == .confirmed)
        #expect(host.kinds == [.confirm])
    }

    @Test func refusedConnectionsAreTriedAgainUntilOneGetsThrough() throws {
        let host = ScriptedHost()
        host.refuseOpen { _, number in number <= 2 ? SSHError.connectionRefused(endpoint: "h1:22") : nil }
        host.on(.confirm, Reply.confirm("confirmed"))
        #expect(try Self.confirm(host) == .confirmed)
        #expect(host.opens == 3)
    }

    @Test func aChangeAlreadyUndoneIsRolledBackAndAnUnknownOneLost() throws {
        let undone = ScriptedHost()
        undone.on(.confirm, Reply.confirm("reverted"))
        #expect(try Self.confirm(undone) == .rolledBack("the host undid the change before it was confirmed"))
        let unknown = ScriptedHost()
        unknown.on(.confirm, Reply.ok("garbage\n"))
        #expect(try Self.confirm(unknown) == .lost("the host does not know change 0123456789ab (unreadable: exit status 0)"))
    }

    @Test func withoutAConnectionTheHostIsWatchedUndoingTheChange() throws {
        let host = ScriptedHost()
        let refused = SSHError.connectionRefused(endpoint: "h1:22")
        // The timer fires 0.1 s from now; until just after, no connection gets through.
        let timerFires = ContinuousClock.now + .milliseconds(110)
        host.refuseOpen { _, _ in ContinuousClock.now < timerFires ? refused : nil }
        host.on(.revertStatus, Reply.confirm("reverted"))
        #expect(try Self.confirm(host, timeout: 1, armedAgo: .milliseconds(900)) == .rolledBack(
            "no new SSH connection got through within 1 s of the switch (last error: \(refused.description)); the host put its previous rules and files back by itself"))
        #expect(host.kinds == [.revertStatus])
    }

    @Test func aHostThatDidNotUndoOrNeverAnswersAgainIsLost() throws {
        let armed = ScriptedHost()
        armed.on(.revertStatus, Reply.confirm("still-armed"))
        #expect(try Self.confirm(armed, timeout: 0)
            == .lost("no new SSH connection got through within 0 s of the switch (last error: no attempt); afterwards the host reports change 0123456789ab as still-armed"))

        let silent = ScriptedHost()
        let timedOut = SSHError.timedOut(endpoint: "h1:22", operation: "SSH handshake", after: .seconds(1))
        silent.refuseOpen { _, _ in timedOut }
        guard case .lost(let why) = try Self.confirm(silent, timeout: 0) else { Issue.record("not lost"); return }
        #expect(why == "no new SSH connection got through within 0 s of the switch (last error: no attempt); the host did not answer again after its rollback timer (last error: \(timedOut.description))")
        #expect(silent.opens > 1, "the host is asked again until the give-up time")
    }

    @Test func onALocalHostOnlyAYesConfirms() throws {
        for yes in ["y", "Y", "yes", " YES "] {
            let host = ScriptedHost()
            host.on(.confirm, Reply.confirm("confirmed"))
            #expect(try Self.confirm(host, type: .local, prompt: ScriptedPrompt(canAsk: true, answer: yes)) == .confirmed, "\(yes)")
        }
        for (answer, said) in [("", "the answer was '', not yes"), ("no", "the answer was 'no', not yes"), (nil, "no answer came")] as [(String?, String)] {
            let host = ScriptedHost()
            host.on(.revertStatus, Reply.confirm("reverted"))
            #expect(try Self.confirm(host, timeout: 0, type: .local, prompt: ScriptedPrompt(canAsk: true, answer: answer))
                == .rolledBack("not confirmed on the terminal within 0 s of the switch (\(said)); the host put its previous rules and files back by itself"))
            #expect(host.kinds == [.revertStatus], "without a yes, nothing is confirmed")
        }
    }

    @Test func aLocalYesThatCannotBeRecordedLeavesTheChangeToTheTimer() throws {
        let host = ScriptedHost()
        host.on(.confirm, Reply.throwing(LocalShell.Failure(description: "sudo on this machine wants a password")))
        host.on(.revertStatus, Reply.confirm("reverted"))
        let outcome = try Self.confirm(host, timeout: 0, type: .local, prompt: ScriptedPrompt(canAsk: true, answer: "y"))
        #expect(outcome == .rolledBack("confirmed on the terminal, but the confirmation could not be recorded on this machine (sudo on this machine wants a password); the host put its previous rules and files back by itself"))
    }
}
