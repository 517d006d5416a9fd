import ArgumentParser
import IptFleetDeploy

/// `iptfleet status`: what each host has, compared with what it should have.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per host: installed or not, drift from the rendered files, unit state, iptables backend, Docker, rule count."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Templates directory (default: the shipped Templates).", valueName: "dir"))
    var templates: String?

    func run() throws {
        try FleetRun(fleet: fleet, connection: connection, templates: templates).execute(.status)
    }
}
