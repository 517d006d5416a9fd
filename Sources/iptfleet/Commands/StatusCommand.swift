import ArgumentParser
import IptFleetDeploy

/// `iptfleet status`: what each host has, compared with what it should have.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per host: installed or not, drift from the rendered files, unit state, iptables backend, Docker, rule count."
    )

    @OptionGroup var fleetOptions: FleetOptions
    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var templateOptions: TemplateOptions

    func run() throws {
        try FleetRun(fleetOptions: fleetOptions, connection: connection, templates: templateOptions).execute(.status)
    }
}
