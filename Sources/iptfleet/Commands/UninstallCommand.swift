import ArgumentParser
import IptFleetDeploy

/// `iptfleet uninstall`: remove the firewall, keep Docker's rules, restore the firewall services.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove the firewall from the hosts: open policy with Docker's rules kept, files and unit removed, ufw/firewalld re-enabled if they were before."
    )

    @OptionGroup var fleetOptions: FleetOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var rollout: RolloutOptions

    @Flag(help: "Report what would change; change nothing.")
    var check = false

    func run() throws {
        try FleetRun(fleetOptions: fleetOptions, connection: connection, templates: nil).execute(.uninstall, options: RunOptions(check: check), rollout: try rollout.plan)
    }
}
