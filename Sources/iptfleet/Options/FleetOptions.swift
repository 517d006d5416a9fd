import ArgumentParser
import IptFleetCore

/// Options every command that reads the inventory shares.
struct FleetOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp("Inventory file or directory (repeatable; sources merge as in Ansible).", valueName: "path"))
    var inventory: [String] = []

    @Option(name: [.short, .customLong("extra-vars")], help: ArgumentHelp("Extra variables: key=value, @file.yml or a YAML/JSON mapping (repeatable; highest precedence).", valueName: "vars"))
    var extraVars: [String] = []

    @Option(name: [.short, .customLong("limit")], help: ArgumentHelp("Only hosts matching this Ansible host pattern.", valueName: "pattern"))
    var limit: String?

    @Option(help: ArgumentHelp("Directory with the defaults file all.yml (default: the shipped GroupVars).", valueName: "dir"))
    var defaults: String?

    func request(limit override: String? = nil) throws -> FleetRequest {
        guard !inventory.isEmpty else {
            throw ValidationError("no inventory given: use -i hosts.ini")
        }
        return FleetRequest(
            inventorySources: inventory,
            defaultsDirectory: defaults ?? ResourceLocator.directory(named: "GroupVars", environmentVariable: "IPTFLEET_DEFAULTS"),
            extraVars: extraVars,
            limit: override ?? limit
        )
    }

    /// Loads and validates the fleet, printing warnings; on bad input prints every problem and
    /// exits with status 1.
    func loadFleet(limit override: String? = nil) throws -> Fleet {
        let request = try request(limit: override)
        do {
            let fleet = try FleetLoader().load(request)
            for warning in fleet.warnings { Console.warning(warning) }
            return fleet
        } catch {
            for problem in error.problems { Console.error(problem) }
            Console.note("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; nothing was sent to any host.")
            throw ExitCode(1)
        }
    }
}
