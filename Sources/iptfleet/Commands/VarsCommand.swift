import ArgumentParser
import IptFleetCore

/// `iptfleet vars HOST`: what a host's firewall and connection variables are and where each
/// value came from, so that a default policy is never a surprise.
struct VarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vars",
        abstract: "Show a host's firewall and connection variables, each with its value and where it came from.",
        discussion: "Values are templated as a play would see them ({{ … }} rendered). With --json: all the host's variables as one JSON object, each templated on its own; one that cannot be templated is {\"__error__\": \"why\"}."
    )

    @Argument(help: ArgumentHelp("The host (its inventory name).", valueName: "host"))
    var host: String

    @OptionGroup var fleetOptions: FleetOptions

    @Flag(help: "Print all the host's variables as one JSON object {name: value}.")
    var json = false

    func run() throws {
        let report: HostVariableReport
        let loaded: LoadedInventory
        var warnings: [String] = []
        do {
            let request = try fleetOptions.request()
            loaded = try InventoryLoader(ignoreRules: request.inventoryIgnoreRules, vault: request.vault)
                .load(sources: request.inventorySources, playbookDirectory: request.playbookDirectory)
            guard loaded.inventory.hosts[host] != nil else { throw InputError("host '\(host)' is not in the inventory") }
            report = HostVariableReport(host: host, loaded: loaded,
                                        defaults: try DefaultVariables.load(directory: request.defaultsDirectory, vault: request.vault, warnings: &warnings),
                                        extraVars: try ExtraVars.parse(request.extraVars, vault: request.vault, warnings: &warnings),
                                        vault: request.vault)
        } catch let error as InventoryError {
            throw InputError(error.description)
        }
        for warning in loaded.warnings + warnings { Console.warning(warning) }
        let vaultFailures = loaded.vaultFailures(forHost: host)
        guard vaultFailures.isEmpty else { throw InputError(vaultFailures.map(\.description)) }
        Console.output(json ? report.json() : report.text())
    }
}
