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
            Exit codes: \(ExitCode.success.rawValue) success, \(ExitCode.badInput.rawValue) bad input or a refused \
            policy (nothing was sent to any host), \(ExitCode.hostFailed.rawValue) some host failed or rolled back, \
            \(ExitCode.unreachable.rawValue) some host unreachable, \(ExitCode.hostFailedAndUnreachable.rawValue) both.
            """,
        version: Version.current,
        subcommands: [DeployCommand.self, UninstallCommand.self, RollbackCommand.self, StatusCommand.self, PingCommand.self, RenderCommand.self, InventoryCommand.self, VarsCommand.self, HistoryCommand.self]
    )

    /// As `ParsableCommand.main`, but bad input (`InputError`) is printed here, in one place,
    /// and ends the run with `ExitCode.badInput`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            error.report()
            exit(withError: ExitCode.badInput)
        } catch {
            exit(withError: error)
        }
    }
}
