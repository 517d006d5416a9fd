import Foundation
import IptFleetCore
import IptFleetSSH
import Logging

/// Carries an operation out on one host over one SSH session: probe (one command), plan, and
/// apply (one command that brings the new files with it). Runs on a dedicated worker thread and
/// owns its session from open to close.
public struct HostRunner: Sendable {
    public let operation: HostOperation
    public let options: RunOptions

    public init(operation: HostOperation, options: RunOptions) {
        self.operation = operation
        self.options = options
    }

    public func run(_ target: HostTarget) -> HostResult {
        let started = Date()
        var logger = Logger(label: "iptfleet.deploy")
        logger[metadataKey: "host"] = "\(target.name)"
        func result(_ status: HostStatus, changes: [String] = [], reason: String? = nil, diff: String? = nil, details: [String: String] = [:]) -> HostResult {
            logger.info("\(status.rawValue)\(reason.map { ": \($0)" } ?? "")")
            return HostResult(host: target.name, status: status, changes: changes, reason: reason, diff: diff, details: details,
                              seconds: Date().timeIntervalSince(started))
        }
        var ssh = target.ssh
        ssh.logger = logger
        logger.debug("connecting to \(ssh.user)@\(ssh.host):\(ssh.port)")
        let session: SSHSession
        do {
            session = try SSHSession.open(ssh)
        } catch {
            return result(.unreachable, reason: error.description)
        }
        defer { session.close() }
        do {
            if operation == .ping {
                let answer = try session.exec("id -un")
                guard answer.succeeded else { return result(.failed, reason: Self.reason(answer)) }
                return result(.ok, details: ["user": answer.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)])
            }
            let policy = target.configuration.policy
            let probe = try session.exec(HostProbe.script(layout: target.layout, firewallServices: policy.firewallServices,
                                                          forStatus: operation == .status))
            guard probe.succeeded else { return result(.failed, reason: "the probe failed: \(Self.reason(probe))") }
            let facts = try HostProbe.parse(probe.stdoutText)
            if operation == .status { return result(.ok, details: Self.statusDetails(facts, layout: target.layout)) }
            guard facts.hasSystemd else {
                return result(.failed, reason: "PID 1 is \(facts.initSystem), not systemd: iptfleet installs a systemd unit, so it does not touch this host")
            }
            let uninstall = operation == .uninstall || policy.uninstall
            let plan = uninstall ? HostPlan.uninstall(target.layout, facts: facts)
                : HostPlan.install(target.layout, facts: facts, firewallServices: policy.firewallServices)
            logger.info("\(uninstall ? "uninstall" : "install") plan: \(plan.isEmpty ? "nothing to do" : plan.changes.joined(separator: "; "))")
            if plan.isEmpty { return result(.ok) }
            let diff = options.diff ? try FileDiff.make(plan, session: session) : nil
            if options.check { return result(.changed, changes: plan.changes, diff: diff) }
            let applied = try session.exec("sh -s", stdin: Data(ApplyScript.make(plan, layout: target.layout).utf8))
            guard applied.succeeded else { return result(.failed, changes: plan.changes, reason: Self.reason(applied), diff: diff) }
            return result(.changed, changes: plan.changes, diff: diff)
        } catch let error as SSHError {
            return result(.failed, reason: error.description)
        } catch {
            return result(.failed, reason: "\(error)")
        }
    }

    /// The last line of a failed command's stderr (or its exit status), for the report.
    static func reason(_ command: CommandResult) -> String {
        let lines = command.stderrText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let ending = command.exitSignal.map { "killed by signal \($0)" } ?? "exit status \(command.exitStatus)"
        return lines.last.map { "\($0) (\(ending))" } ?? ending
    }

    /// What `iptfleet status` shows for a host.
    static func statusDetails(_ facts: HostFacts, layout: InstallLayout) -> [String: String] {
        let drifted = layout.files.filter { facts.files[$0.path]?.sha256 != $0.sha256 }.map(\.path)
        let installed = layout.files.allSatisfy { facts.files[$0.path] != nil }
        return [
            "installed": installed ? "yes" : (facts.isInstalled ? "partly" : "no"),
            "drift": installed ? (drifted.isEmpty ? "none" : drifted.joined(separator: ",")) : "-",
            "unit": "\(facts.unitEnabled.isEmpty ? "absent" : facts.unitEnabled)/\(facts.unitActive.isEmpty ? "unknown" : facts.unitActive)",
            "backend": facts.iptablesVersion.contains("nf_tables") ? "nf_tables" : (facts.iptablesVersion.contains("legacy") ? "legacy" : (facts.iptablesVersion.isEmpty ? "none" : facts.iptablesVersion)),
            "docker": facts.dockerRunning ? "yes" : "no",
            "rules": String(facts.ruleCount),
            "init": facts.initSystem,
        ]
    }
}
