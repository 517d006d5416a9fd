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
        let request: FleetRequest
        let inputs: FleetLoader.Inputs
        do {
            request = try fleetOptions.request()
            inputs = try FleetLoader().readInputs(request)
        } catch let error as InventoryError {
            throw InputError(error.description)
        }
        let loaded = inputs.loaded
        guard loaded.inventory.hosts[host] != nil else { throw InputError("host '\(host)' is not in the inventory") }
        for warning in loaded.warnings + inputs.warnings { Console.warning(warning) }
        let vaultFailures = loaded.vaultFailures(forHost: host)
        guard vaultFailures.isEmpty else { throw InputError(vaultFailures.map(\.description)) }
        let report = HostVariableReport(host: host, loaded: loaded, defaults: inputs.defaults, extraVars: inputs.extraVars, vault: request.vault)
        Console.output(json ? report.json() : report.text())
    }
}
