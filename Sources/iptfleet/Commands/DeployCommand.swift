import ArgumentParser
import IptFleetDeploy

/// `iptfleet deploy`: install or update the firewall on every selected host.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Install or update the firewall on the hosts (hosts with iptables_docker_uninstall are uninstalled).",
        discussion: "A host already as wanted is reported ok and not touched. Exit status: 0 all good, 2 a host failed, 4 a host was unreachable, 6 both."
    )

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Report what would change; change nothing.")
    var check = false

    @Flag(help: "Show a unified diff of every file that changes.")
    var diff = false

    @Option(help: ArgumentHelp("Templates directory (default: the shipped Templates).", valueName: "dir"))
    var templates: String?

    func run() throws {
        try FleetRun(fleet: fleet, connection: connection, templates: templates).execute(.deploy, options: RunOptions(check: check, diff: diff))
    }
}
