import ArgumentParser
import IptFleetDeploy

/// `iptfleet deploy`: install or update the firewall on every selected host.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Install or update the firewall on the hosts (hosts with iptables_docker_uninstall are uninstalled).",
        discussion: """
            A host already as wanted is reported ok and not touched. A host whose rules change \
            must be reached again over a new SSH connection within --confirm-timeout seconds, or \
            it puts its previous rules and files back by itself (reported rolled-back). A policy \
            that would not admit iptfleet's own SSH connection is refused before any host is \
            contacted. Exit status: \(ExitCode.success.rawValue) all good, \(ExitCode.badInput.rawValue) bad input or \
            refused (nothing was sent), \(ExitCode.hostFailed.rawValue) a host failed or rolled back, \
            \(ExitCode.unreachable.rawValue) a host was unreachable, \(ExitCode.hostFailedAndUnreachable.rawValue) both.
            """
    )

    @OptionGroup var fleetOptions: FleetOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rollout: RolloutOptions

    @Flag(help: "Report what would change; change nothing.")
    var check = false

    @Flag(help: "Show a unified diff of every file that changes.")
    var diff = false

    @OptionGroup var templateOptions: TemplateOptions

    @Option(name: .customLong("confirm-timeout"), help: ArgumentHelp("Seconds a host waits for the confirmation of a rule change over a new SSH connection before it undoes the change (5-3600).", valueName: "seconds"))
    var confirmTimeout: Int = 30

    @Flag(help: "Apply even a policy that the lock-out or swarm checks refuse; the hosts' rollback timers are the only safety left.")
    var force = false

    func validate() throws {
        guard (5...3600).contains(confirmTimeout) else { throw ValidationError("--confirm-timeout must be between 5 and 3600 seconds") }
    }

    func run() throws {
        let options = RunOptions(check: check, diff: diff, confirmTimeout: confirmTimeout, force: force)
        try FleetRun(fleetOptions: fleetOptions, connection: connection, templates: templateOptions).execute(.deploy, options: options, rollout: try rollout.plan)
    }
}
