import ArgumentParser
import IptFleetCore

/// `iptfleet inventory`: the inventory as Ansible sees it (`ansible-inventory`'s views).
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Show the inventory: --list (JSON, as ansible-inventory --list), --graph, or --host NAME."
    )

    @OptionGroup var fleetOptions: FleetOptions

    @Flag(help: "Print every group and host with merged variables as JSON.")
    var list = false

    @Flag(help: "Print the group tree (from GROUP, default all).")
    var graph = false

    @Argument(help: ArgumentHelp("With --graph: the group to start from.", valueName: "group"))
    var group: String?

    @Option(help: ArgumentHelp("Print one host's merged variables as JSON.", valueName: "name"))
    var host: String?

    @Flag(name: .short, help: "Say how each source was read (-v).")
    var verbose: Int

    func validate() throws {
        let chosen = [list, graph, host != nil].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("choose exactly one of --list, --graph or --host NAME") }
        if group != nil, !graph { throw ValidationError("a GROUP argument goes with --graph") }
    }

    func run() throws {
        let inputs: FleetLoader.Inputs
        do {
            inputs = try FleetLoader().readInputs(try fleetOptions.request(), defaults: false)
        } catch let error as InventoryError {
            throw InputError(error.description)
        }
        let (loaded, extraVars, selected) = (inputs.loaded, inputs.extraVars, inputs.limited)
        for warning in loaded.warnings + inputs.warnings { Console.warning(warning) }
        if verbose > 0 { for note in loaded.notes { Console.note(note) } }
        let listing = InventoryListing(loaded, extraVars: extraVars)
        // The hosts whose variables are shown need their vault files opened, as in ansible-inventory.
        let shown = list ? (selected ?? loaded.inventory.hostNames) : [host].compactMap { $0 }
        var seen = Set<String>()
        let vaultFailures = shown.flatMap(loaded.vaultFailures(forHost:)).map(\.description).filter { seen.insert($0).inserted }
        guard vaultFailures.isEmpty else { throw InputError(vaultFailures) }
        if list {
            Console.output(bytes: listing.listJSONBytes(hosts: selected) + [UInt8(ascii: "\n")])
        } else if let host {
            guard loaded.inventory.hosts[host] != nil else { throw InputError("host '\(host)' is not in the inventory") }
            Console.output(listing.hostJSON(host))
        } else {
            let group = group ?? "all"
            guard loaded.inventory.groups[group] != nil else { throw InputError("group '\(group)' is not in the inventory") }
            Console.output(listing.graph(from: group))
        }
    }
}
