import Foundation
import IptFleetCore
import IptFleetSSH
import Logging
import TestSupport
@testable import IptFleetDeploy

/// Targets, probe answers and a runner for the unit tests of the per-host flow (`ScriptedHost`).
enum ScriptedFlow {
    /// Every wait of the flow cut to (nearly) nothing.
    static let fast: FlowTiming = {
        var timing = FlowTiming()
        timing.managerSettle = .zero
        timing.managerHealthWait = .zero
        timing.managerHealthPoll = .milliseconds(1)
        timing.confirmRetryPause = .milliseconds(1)
        timing.confirmMargin = .zero
        timing.afterTimer = .zero
        timing.minimumGiveUp = .milliseconds(100)
        return timing
    }()

    /// The configuration of host `name`: the shipped defaults overridden by `variables` (a JSON
    /// mapping's body).
    static func configuration(_ name: String = "h1", variables: String = "") throws -> HostConfiguration {
        var defaults = try DefaultVariables.load(directory: Repository.path("GroupVars"))
        if !variables.isEmpty { defaults.override(with: try ExtraVars.parse(["{\(variables)}"])) }
        let outcome = HostConfigurationBuilder().build(host: name, variables: defaults)
        guard let configuration = outcome.configuration else { throw Unbuildable(errors: "\(outcome.errors)") }
        return configuration
    }

    /// Host `name` with the shipped defaults overridden by `variables` (a JSON mapping's body).
    static func target(_ name: String = "h1", variables: String = "", type: ConnectionType = .ssh) throws -> HostTarget {
        HostTarget(configuration: try configuration(name, variables: variables), layout: PlanTests.layout,
                   ssh: SSHConnectionOptions(host: name, user: "root"), connectionType: type)
    }

    struct Unbuildable: Error {
        let errors: String
    }

    /// A systemd host without the firewall, reached from 10.0.0.5.
    static let freshHost = "init=systemd\nssh_connection=10.0.0.5 40000 10.0.0.1 22\n"

    /// A host that already has exactly the rendered files, unit enabled and running.
    static var installedHost: String {
        let files = PlanTests.layout.files.map { "file=\($0.sha256) \($0.modeString.dropFirst()) root root \($0.path)" }.joined(separator: "\n")
        return "init=systemd\n\(files)\nunit_enabled=enabled\nunit_active=active\nssh_connection=10.0.0.5 40000 10.0.0.1 22\n"
    }

    /// The swarm section of a manager at 10.0.0.1 whose peer manager m2 is in `peerState`.
    static func managerSwarm(peer peerState: String = "ready\",\"reachable") -> String {
        "@docker\nswarm=active true 10.0.0.1\nswarm_node=[\"m1\",\"10.0.0.1\",\"ready\",\"reachable\"]\nswarm_node=[\"m2\",\"10.0.0.2\",\"\(peerState)\"]\n"
    }

    static func runner(_ operation: HostOperation, _ host: ScriptedHost, options: RunOptions = RunOptions(),
                       prompt: any ConfirmationPrompt = ScriptedPrompt(canAsk: false, answer: nil)) -> HostRunner {
        HostRunner(operation: operation, options: options, logger: Logger(label: "iptfleet.test"), connector: host, prompt: prompt, timing: fast)
    }
}

/// An operator who answers (or not) at once.
struct ScriptedPrompt: ConfirmationPrompt {
    let canAsk: Bool
    let answer: String?

    func ask(_ question: String, until deadline: ContinuousClock.Instant) -> String? { answer }
}
