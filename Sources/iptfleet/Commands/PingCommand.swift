import ArgumentParser
import IptFleetDeploy

/// `iptfleet ping`: can iptfleet connect, log in and become root on each host?
struct PingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Connect, authenticate and become on every host; change nothing."
    )

    @OptionGroup var fleetOptions: FleetOptions
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try FleetRun(fleetOptions: fleetOptions, connection: connection, templates: nil).execute(.ping)
    }
}
