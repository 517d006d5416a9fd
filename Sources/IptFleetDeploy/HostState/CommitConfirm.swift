import Foundation
import IptFleetCore
import IptFleetSSH

/// The controller side of commit-confirm (Docs/design.md, one host, one connection: step 4): after
/// an install switched rules, prove the host can still be reached and disarm its rollback timer.
/// Over SSH the proof is a *new* connection — a fresh TCP handshake, which the old connection's
/// ESTABLISHED state cannot fake; on a `local` host it is the operator's answer on the terminal,
/// as with `iptables-apply`. Without the proof before the timer fires, wait for the host to undo
/// the change by itself, look again, and check that it did.
public struct CommitConfirm {
    /// A change to be confirmed: its id and the seconds after which the host undoes it.
    public struct Change: Sendable, Equatable {
        public let id: String
        public let timeoutSeconds: Int

        public init(id: String, timeoutSeconds: Int) {
            self.id = id
            self.timeoutSeconds = timeoutSeconds
        }
    }

    enum Outcome: Equatable {
        /// The change is confirmed and kept.
        case confirmed
        /// The host undid the change; the reason says why it was not confirmed.
        case rolledBack(String)
        /// Neither confirmed nor seen undone: the host cannot be reached any more.
        case lost(String)
    }

    let target: HostTarget
    let change: Change
    /// When the apply command was sent: the host's timer was armed after this.
    let armedAfter: ContinuousClock.Instant
    let connector: any HostConnector
    /// Asks the operator on a `local` host.
    let prompt: any ConfirmationPrompt
    let timing: FlowTiming

    private var timerFires: ContinuousClock.Instant { armedAfter + .seconds(change.timeoutSeconds) }

    func run() -> Outcome {
        var lastError = "no attempt"
        let confirmed = target.connectionType == .local ? confirmOnTerminal(lastError: &lastError) : confirmOverNewConnection(lastError: &lastError)
        switch confirmed {
        case .decided(let outcome): return outcome
        case .notConfirmed(let why): return awaitRollback(why: why, lastError: lastError)
        }
    }

    /// What a confirmation attempt came to.
    private enum Attempt {
        case decided(Outcome)
        /// Not confirmed, for this reason: the host's timer undoes the change.
        case notConfirmed(String)
    }

    /// Over SSH: new connections until one gets through and disarms the timer, or time is up.
    private func confirmOverNewConnection(lastError: inout String) -> Attempt {
        while ContinuousClock.now < timerFires - timing.confirmMargin {
            let attemptStarted = ContinuousClock.now
            do {
                return .decided(disarmed(try exec(disarmScript(target.layout), budget: timerFires - timing.confirmMargin - attemptStarted)))
            } catch {
                lastError = "\(error)"
                pause(after: attemptStarted)
            }
        }
        return .notConfirmed("no new SSH connection got through within \(change.timeoutSeconds) s of the switch (last error: \(lastError))")
    }

    /// On a `local` host: the operator's answer, then the disarm on this machine.
    private func confirmOnTerminal(lastError: inout String) -> Attempt {
        let question = "\(target.name): the new firewall rules are in place. Can you still open NEW SSH connections to this host? "
            + "Keep this change? [y/N] (undone by itself in \(change.timeoutSeconds) s) "
        let answer = prompt.ask(question, until: timerFires - timing.confirmMargin)
        guard Self.isYes(answer) else {
            let said = answer.map { "the answer was '\(TerminalText.escaped($0))', not yes" } ?? "no answer came"
            return .notConfirmed("not confirmed on the terminal within \(change.timeoutSeconds) s of the switch (\(said))")
        }
        do {
            return .decided(disarmed(try exec(disarmScript(target.layout), budget: max(.seconds(1), timerFires - ContinuousClock.now))))
        } catch {
            lastError = "\(error)"
            return .notConfirmed("confirmed on the terminal, but the confirmation could not be recorded on this machine (\(lastError))")
        }
    }

    private static func isYes(_ answer: String?) -> Bool {
        ["y", "yes"].contains(answer?.trimmingCharacters(in: .whitespaces).lowercased() ?? "")
    }

    /// The outcome of the disarm script's answer.
    private func disarmed(_ answer: String) -> Outcome {
        switch answer {
        case "confirmed": return .confirmed
        case "reverted": return .rolledBack("the host undid the change before it was confirmed")
        default: return .lost("the host does not know change \(change.id) (\(answer))")
        }
    }

    /// The host's timer has fired (or is about to): wait for the host to come back, and check
    /// that it undid the change.
    private func awaitRollback(why: String, lastError: String) -> Outcome {
        var lastError = lastError
        let giveUp = timerFires + max(timing.minimumGiveUp, .seconds(change.timeoutSeconds))
        let firstLook = timerFires + timing.afterTimer
        if firstLook > ContinuousClock.now { Thread.sleep(forTimeInterval: (firstLook - ContinuousClock.now) / .seconds(1)) }
        while ContinuousClock.now < giveUp {
            let attemptStarted = ContinuousClock.now
            do {
                let answer = try exec(revertStatusScript(target.layout), budget: giveUp - attemptStarted)
                if answer == "reverted" {
                    return .rolledBack("\(why); the host put its previous rules and files back by itself")
                }
                return .lost("\(why); afterwards the host reports change \(change.id) as \(answer)")
            } catch {
                lastError = "\(error)"
                pause(after: attemptStarted)
            }
        }
        return .lost("\(why); the host did not answer again after its rollback timer (last error: \(lastError))")
    }

    /// Runs `script` over a new channel and returns the value of its `iptfleet-confirm=` line.
    private func exec(_ script: String, budget: Duration) throws -> String {
        let channel = try connector.open(target, connectTimeout: max(.seconds(1), min(target.ssh.connectTimeout, budget)))
        defer { channel.close() }
        let result = try channel.run(script, stdin: nil, timeout: .seconds(90))
        let line = result.stdoutText.split(separator: "\n").first { $0.hasPrefix("iptfleet-confirm=") }
        return line.map { String($0.dropFirst("iptfleet-confirm=".count)) } ?? "unreadable: \(result.failureSummary)"
    }

    /// Disarms the timer if the change is still armed; waits for an undo already under way.
    private func disarmScript(_ layout: InstallLayout) -> String {
        HostScripts.disarm.with([change.id, layout.state.pending, layout.state.reverted, layout.state.previous, layout.state.lock,
                                 layout.state.timerUnit(id: change.id)])
    }

    /// Prints `iptfleet-confirm=reverted` once the change is undone, or what else the host knows of it.
    private func revertStatusScript(_ layout: InstallLayout) -> String {
        HostScripts.revertStatus.with([change.id, layout.state.pending, layout.state.reverted])
    }

    /// A refused connection comes back at once: attempts start at most once a `confirmRetryPause`.
    private func pause(after attemptStarted: ContinuousClock.Instant) {
        let spent = ContinuousClock.now - attemptStarted
        if spent < timing.confirmRetryPause { Thread.sleep(forTimeInterval: (timing.confirmRetryPause - spent) / .seconds(1)) }
    }
}
