import Foundation
import IptFleetSSH

/// The controller side of commit-confirm (Docs/design.md, one host, one connection: step 4): after an install switched rules,
/// open a *new* SSH connection — a fresh TCP handshake, which the old connection's ESTABLISHED
/// state cannot fake — and disarm the host's rollback timer. When no new connection gets
/// through before the timer fires, wait for the host to undo the change by itself, reconnect,
/// and check that it did.
struct CommitConfirm {
    enum Outcome: Equatable {
        /// The change is confirmed and kept.
        case confirmed
        /// The host undid the change; the reason says why it was not confirmed.
        case rolledBack(String)
        /// Neither confirmed nor seen undone: the host cannot be reached any more.
        case lost(String)
    }

    let target: HostTarget
    let change: ApplyScript.Confirmation
    /// When the apply command was sent: the host's timer was armed after this.
    let armedAfter: ContinuousClock.Instant

    private var timerFires: ContinuousClock.Instant { armedAfter + .seconds(change.timeoutSeconds) }

    func run() -> Outcome {
        let layout = target.layout
        var lastError = "no attempt"
        // Leave one second before the timer fires: a confirmation that races it loses cleanly
        // anyway (the host's `mv armed` decides), but need not try.
        while ContinuousClock.now < timerFires - .seconds(1) {
            let attemptStarted = ContinuousClock.now
            do {
                let answer = try exec(disarmScript(layout), budget: timerFires - .seconds(1) - attemptStarted)
                switch answer {
                case "confirmed": return .confirmed
                case "reverted": return .rolledBack("the host undid the change before it was confirmed")
                default: return .lost("the host does not know change \(change.id) (\(answer))")
                }
            } catch {
                lastError = error.description
                Self.pause(after: attemptStarted)
            }
        }
        let why = "no new SSH connection got through within \(change.timeoutSeconds) s of the switch (last error: \(lastError))"
        // The host's timer has fired (or is about to): wait for the host to come back.
        let giveUp = timerFires + .seconds(max(30, change.timeoutSeconds))
        Thread.sleep(forTimeInterval: max(0, (timerFires + .seconds(2) - ContinuousClock.now) / .seconds(1)))
        while ContinuousClock.now < giveUp {
            let attemptStarted = ContinuousClock.now
            do {
                let answer = try exec(revertStatusScript(layout), budget: giveUp - attemptStarted)
                if answer == "reverted" {
                    return .rolledBack("\(why); the host put its previous rules and files back by itself")
                }
                return .lost("\(why); afterwards the host reports change \(change.id) as \(answer)")
            } catch {
                lastError = error.description
                Self.pause(after: attemptStarted)
            }
        }
        return .lost("\(why); the host did not answer again after its rollback timer (last error: \(lastError))")
    }

    /// Runs `script` over a new connection and returns the value of its `iptfleet-confirm=` line.
    private func exec(_ script: String, budget: Duration) throws(SSHError) -> String {
        var options = target.ssh
        options.connectTimeout = max(.seconds(1), min(options.connectTimeout, budget))
        let session = try SSHSession.open(options)
        defer { session.close() }
        let result = try session.exec(script, timeout: .seconds(90))
        let line = result.stdoutText.split(separator: "\n").first { $0.hasPrefix("iptfleet-confirm=") }
        return line.map { String($0.dropFirst("iptfleet-confirm=".count)) } ?? "unreadable: \(HostRunner.reason(result))"
    }

    /// Disarms the timer if the change is still armed; waits for an undo already under way.
    private func disarmScript(_ layout: InstallLayout) -> String {
        let id = change.id
        return """
            pending=\(layout.pendingDirectory.shellQuoted)
            # An undo under way holds the lock; once it is done the change reads as reverted.
            exec 9>>\(layout.lockPath.shellQuoted); flock -w 60 9
            armed=''; read -r armed 2>/dev/null < "$pending/id"
            if [ "$armed" = \(id) ] && mv "$pending/armed" "$pending/confirmed" 2>/dev/null; then
              systemctl stop \(ChangeArming.timerUnit(id: id)).timer >/dev/null 2>&1
              rm -rf \(layout.previousDirectory.shellQuoted) && mv "$pending" \(layout.previousDirectory.shellQuoted)
              echo iptfleet-confirm=confirmed
              exit 0
            fi
            \(revertStatusScript(layout))
            """
    }

    /// Prints `iptfleet-confirm=reverted` once change `id` is undone (waiting up to a minute for
    /// an undo in progress), or what else the host knows of it.
    private func revertStatusScript(_ layout: InstallLayout) -> String {
        let id = change.id
        return """
            i=0
            while [ $i -lt 60 ]; do
              if [ "$(cat \((layout.revertedDirectory + "/id").shellQuoted) 2>/dev/null)" = \(id) ]; then echo iptfleet-confirm=reverted; exit 0; fi
              [ -e \((layout.pendingDirectory + "/reverting").shellQuoted) ] || break
              sleep 1; i=$((i + 1))
            done
            if [ -e \((layout.pendingDirectory + "/armed").shellQuoted) ]; then echo iptfleet-confirm=still-armed; else echo iptfleet-confirm=unknown; fi
            """
    }

    /// A refused connection comes back at once: attempts start at most once a second.
    private static func pause(after attemptStarted: ContinuousClock.Instant) {
        let spent = ContinuousClock.now - attemptStarted
        if spent < .seconds(1) { Thread.sleep(forTimeInterval: 1 - spent / .seconds(1)) }
    }
}
