import ArgumentParser
import Foundation
import IptFleetCore

/// Options every command that reads the inventory shares.
struct FleetOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp("Inventory file or directory (repeatable; sources merge as in Ansible; default: inventory in ansible.cfg).", valueName: "path"))
    var inventory: [String] = []

    @Option(name: [.short, .customLong("extra-vars")], help: ArgumentHelp("Extra variables: key=value, @file.yml or a YAML/JSON mapping (repeatable; highest precedence).", valueName: "vars"))
    var extraVars: [String] = []

    @Option(name: [.short, .customLong("limit")], help: ArgumentHelp("Only hosts matching this Ansible host pattern.", valueName: "pattern"))
    var limit: String?

    @Option(help: ArgumentHelp("Directory whose group_vars/ and host_vars/ apply above the inventory's, as beside a playbook (default: the directory of ANSIBLE_CONFIG, else the current one).", valueName: "dir"))
    var playbookDir: String?

    @Option(help: ArgumentHelp("Directory with the defaults file all.yml (default: the shipped GroupVars).", valueName: "dir"))
    var defaults: String?

    @OptionGroup(title: "Ansible Vault")
    var vault: VaultOptions

    /// ansible.cfg, found as Ansible finds it; prints why a file was passed over. A bad file is
    /// an `InputError`.
    static func loadAnsibleConfig() throws -> AnsibleConfig {
        do {
            let config = try AnsibleConfig.load()
            for warning in config.warnings { Console.warning(warning) }
            return config
        } catch {
            throw InputError(error.description, note: InputError.nothingSent)
        }
    }

    /// The request; with no `-i`, the inventory comes from ansible.cfg.
    func request(limit override: String? = nil, ansibleConfig: AnsibleConfig? = nil) throws -> FleetRequest {
        // Read even with -i, as Ansible does: it also says what inventory directories skip.
        let config = try ansibleConfig ?? Self.loadAnsibleConfig()
        let sources = inventory.isEmpty ? config.inventory : inventory
        guard !sources.isEmpty else {
            throw ValidationError("no inventory given: use -i hosts.ini, or set inventory in ansible.cfg")
        }
        return FleetRequest(
            inventorySources: sources,
            playbookDirectory: PlaybookDirectory.resolve(explicit: playbookDir, configPath: config.path,
                                                         currentDirectory: FileManager.default.currentDirectoryPath,
                                                         homeDirectory: ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()),
            defaultsDirectory: defaults ?? ResourceLocator.directory(named: "GroupVars", environmentVariable: "IPTFLEET_DEFAULTS"),
            extraVars: extraVars,
            limit: override ?? limit,
            inventoryIgnoreRules: config.inventoryIgnoreRules,
            vault: try vault.keyring(config)
        )
    }

    /// Loads and validates the fleet, printing warnings; bad input is an `InputError` with every
    /// problem.
    func loadFleet(limit override: String? = nil, ansibleConfig: AnsibleConfig? = nil) throws -> Fleet {
        let request = try request(limit: override, ansibleConfig: ansibleConfig)
        do {
            let fleet = try FleetLoader().load(request)
            for warning in fleet.warnings { Console.warning(warning) }
            return fleet
        } catch {
            throw InputError(error.problems, note: "\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; \(InputError.nothingSent)")
        }
    }
}
