import ArgumentParser

/// The `iptfleet` command line: a thin layer over IptFleetCore (inputs) and IptFleetDeploy (hosts).
@main
struct IptFleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iptfleet",
        abstract: "Put a default-deny iptables firewall on a fleet of Docker hosts without breaking Docker.",
        discussion: """
            Reads Ansible inventories (INI, YAML, scripts, directories) with their group_vars/ \
            and host_vars/, renders the firewall script and systemd unit for each host, and \
            installs them over SSH (or on this machine with -c local).
            Exit codes: 0 success, 1 bad input or a refused policy (nothing was sent to any \
            host), 2 some host failed or rolled back, 4 some host unreachable, 6 both.
            """,
        version: Version.current,
        subcommands: [DeployCommand.self, UninstallCommand.self, RollbackCommand.self, StatusCommand.self, PingCommand.self, RenderCommand.self, InventoryCommand.self, VarsCommand.self, HistoryCommand.self]
    )
}
