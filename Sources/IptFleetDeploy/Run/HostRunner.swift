import Foundation
import IptFleetCore
import IptFleetSSH
import Logging

/// Carries an operation out on one host over one channel (an SSH session, or this machine's
/// shell for a `local` host): probe (one command), plan, and apply (one command that brings the
/// new files with it). A rule change is then confirmed (`CommitConfirm`), or the host undoes it
/// by itself. Runs on a dedicated worker thread and owns its channels from open to close.
public struct HostRunner: Sendable {
    public let operation: HostOperation
    public let options: RunOptions
    /// Shared by the runners of one run: swarm managers change one at a time.
    public let managerGate: SwarmManagerGate
    /// How hosts are reached (`ChannelConnector`; a scripted host in the unit tests).
    public let connector: any HostConnector
    /// Asks the operator to keep a rule change on a `local` host.
    public let prompt: any ConfirmationPrompt
    public let timing: FlowTiming
    /// Where the runner logs; each host's lines carry its name as `host` metadata.
    public let logger: Logger

    public init(operation: HostOperation, options: RunOptions, logger: Logger, managerGate: SwarmManagerGate = SwarmManagerGate(),
                connector: any HostConnector = ChannelConnector(), prompt: any ConfirmationPrompt = TerminalPrompt(),
                timing: FlowTiming = FlowTiming()) {
        self.operation = operation
        self.options = options
        self.logger = logger
        self.managerGate = managerGate
        self.connector = connector
        self.prompt = prompt
        self.timing = timing
    }

    public func run(_ target: HostTarget) -> HostResult {
        let started = Date()
        var logger = logger
        logger[metadataKey: "host"] = "\(target.name)"
        // Every session of this host (the confirmation's too) logs with the host's name.
        var target = target
        target.ssh.logger = logger
        logger.debug(target.connectionType == .local ? "working on this machine (local)" : "connecting to \(target.ssh.user)@\(target.ssh.host):\(target.ssh.port)")
        let session: any HostChannel
        do {
            session = try connector.open(target, connectTimeout: nil)
        } catch {
            logger.info("unreachable: \(error)")
            return HostResult(host: target.name, status: .unreachable, reason: "\(error)", seconds: Date().timeIntervalSince(started))
        }
        defer { session.close() }
        let outcome: HostOutcome
        do {
            outcome = try run(target, on: session, logger: logger)
        } catch {
            outcome = HostOutcome(.failed, reason: "\(error)")
        }
        logger.info("\(outcome.status.rawValue)\(outcome.reason.map { ": \($0)" } ?? "")")
        return HostResult(host: target.name, status: outcome.status, changes: outcome.changes, reason: outcome.reason,
                          diff: outcome.diff, details: outcome.details, seconds: Date().timeIntervalSince(started))
    }

    private func run(_ target: HostTarget, on session: any HostChannel, logger: Logger) throws -> HostOutcome {
        if operation == .ping {
            let answer = try session.run("id -un")
            guard answer.succeeded else { return HostOutcome(.failed, reason: answer.failureSummary) }
            return HostOutcome(.ok, details: ["user": answer.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)])
        }
        let policy = target.configuration.policy
        let probe = try session.run(HostProbe.script(layout: target.layout, firewallServices: policy.firewallServices,
                                                      forStatus: operation == .status))
        guard probe.succeeded else { return HostOutcome(.failed, reason: "the probe failed: \(probe.failureSummary)") }
        let facts = try HostProbe.parse(probe.stdoutText)
        if operation == .status {
            let report = HostStatusReport(facts, layout: target.layout)
            return HostOutcome(report.status, reason: report.problem, details: report.details)
        }
        guard facts.hasSystemd else {
            return HostOutcome(.failed, reason: "PID 1 is \(facts.initSystem.map(\.description) ?? ""), not systemd: iptfleet installs a systemd unit, so it does not touch this host")
        }
        if let pending = facts.pendingChange {
            return HostOutcome(.failed, reason: "change \(pending) on this host still waits for its confirmation or its rollback timer; run again once the timer has fired")
        }
        if operation == .rollback { return try PreviousChangeRollback.run(facts: facts, layout: target.layout, check: options.check, on: session) }
        let uninstall = operation == .uninstall || policy.uninstall
        let plan = uninstall ? HostPlan.uninstall(target.layout, facts: facts)
            : HostPlan.install(target.layout, facts: facts, firewallServices: policy.firewallServices)
        logger.info("\(uninstall ? "uninstall" : "install") plan: \(plan.isEmpty ? "nothing to do" : plan.changes.joined(separator: "; "))")
        if plan.isEmpty { return HostOutcome(.ok) }
        if !uninstall, !options.force,
           let refusal = LockoutCheck.afterProbe(facts, policy: policy, connectionType: target.connectionType) ?? SwarmCheck.refusal(facts.swarm, policy: policy) {
            return HostOutcome(.failed, changes: plan.changes, reason: "refused, nothing changed: \(refusal) (--force overrides)")
        }
        let diff = options.diff ? try FileDiff.make(plan, session: session)
            + (plan.action == .install && plan.restartUnit ? try RulesetDiff.make(layout: target.layout, session: session) : "") : nil
        if options.check { return HostOutcome(.changed, changes: plan.changes, diff: diff) }
        if target.connectionType == .local, plan.needsConfirmation, !prompt.canAsk {
            return HostOutcome(.failed, changes: plan.changes, reason: "refused, nothing changed: \(Self.noTerminal)")
        }
        let confirmation = plan.needsConfirmation
            ? CommitConfirm.Change(id: Self.newChangeID(), timeoutSeconds: options.confirmTimeout) : nil
        var outcome: HostOutcome
        if facts.swarm.isManager, confirmation != nil {
            let passage = try managerGate.pass(target, over: session, connector: connector, timing: timing,
                                               change: { try apply(plan, confirmation: confirmation, target: target, on: session) },
                                               changed: { $0.status == .changed })
            switch passage {
            case .passed(let applied): outcome = applied
            case .refused(let reason), .unhealthyAfter(let reason): outcome = HostOutcome(.failed, changes: plan.changes, reason: reason)
            }
        } else {
            outcome = try apply(plan, confirmation: confirmation, target: target, on: session)
        }
        outcome.diff = diff
        return outcome
    }

    /// Applies the plan in one command and, for a rule change, has it confirmed.
    private func apply(_ plan: HostPlan, confirmation: CommitConfirm.Change?, target: HostTarget, on session: any HostChannel) throws -> HostOutcome {
        let sent = ContinuousClock.now
        let applied = try session.run("sh -s", stdin: Data(ApplyScript.make(plan, layout: target.layout, confirmation: confirmation).utf8))
        guard applied.succeeded else { return HostOutcome(.failed, changes: plan.changes, reason: applied.failureSummary) }
        guard let confirmation else { return HostOutcome(.changed, changes: plan.changes) }
        // The old connection survives on the ESTABLISHED rule and proves nothing: let it go.
        session.close()
        switch CommitConfirm(target: target, change: confirmation, armedAfter: sent, connector: connector, prompt: prompt, timing: timing).run() {
        case .confirmed: return HostOutcome(.changed, changes: plan.changes)
        case .rolledBack(let why): return HostOutcome(.rolledBack, changes: plan.changes, reason: why)
        case .lost(let why): return HostOutcome(.unreachable, changes: plan.changes, reason: why)
        }
    }

    /// Why a `local` host's rule change is refused without a terminal.
    static let noTerminal = "ansible_connection=local keeps a rule change only when the operator confirms it on the terminal (as iptables-apply does), "
        + "and stdin is not a terminal; run iptfleet in an interactive terminal on this host, or deploy to it over SSH"

    /// A short random id for one change on one host.
    static func newChangeID() -> String {
        String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12))
    }
}
