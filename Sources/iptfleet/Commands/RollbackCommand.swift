import ArgumentParser
import IptFleetDeploy

/// `iptfleet rollback`: undo the last confirmed change on every selected host.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Put back the files, unit state and rules each host had before its last confirmed change.",
        discussion: "Each host keeps one change to undo (in /var/lib/iptables-docker/previous); a rollback uses it up. Hosts with nothing to undo are reported failed. Use --serial to roll back in batches."
    )

    @OptionGroup var fleetOptions: FleetOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rollout: RolloutOptions

    @Flag(help: "Report which hosts have a change to undo; change nothing.")
    var check = false

    func run() throws {
        try FleetRun(fleetOptions: fleetOptions, connection: connection, templates: nil)
            .execute(.rollback, options: RunOptions(check: check), rollout: try rollout.plan)
    }
}
