/// An inventory together with the group_vars/host_vars files found next to its sources, able to
/// give every host's variables merged with Ansible's precedence.
public struct LoadedInventory: Sendable {
    public let inventory: Inventory
    /// Where `group_vars/` and `host_vars/` are looked up, one per source, in source order.
    public let baseDirectories: [String]
    /// Where the playbook's `group_vars/` and `host_vars/` are looked up (`--playbook-dir`).
    public let playbookDirectory: String?
    /// The directories whose `group_vars/` and `host_vars/` apply, lowest first: beside each
    /// source, then beside the playbook (Ansible's `*_plugins_inventory` before `*_plugins_play`).
    public let varsDirectories: [String]
    /// Problems worth telling the user that do not stop the run.
    public let warnings: [String]
    /// How sources were read, for `-v` (a source read through ansible-inventory).
    public let notes: [String]

    /// Vars files per directory and name, read once: `[baseDirectory: [name: variables]]`.
    private let groupVarsFiles: [String: [String: VariableSet]]
    private let hostVarsFiles: [String: [String: VariableSet]]
    /// Vault-encrypted vars files that could not be opened, per directory and name. As in
    /// Ansible, they fail only the hosts whose variables need them (`vaultFailures(forHost:)`).
    private let groupVaultFailures: [String: [String: InventoryError]]
    private let hostVaultFailures: [String: [String: InventoryError]]

    init(inventory: Inventory, baseDirectories: [String], playbookDirectory: String? = nil, sourceWarnings: [String] = [],
         notes: [String] = [], vault: VaultKeyring = .empty) throws(InventoryError) {
        self.inventory = inventory
        self.baseDirectories = baseDirectories
        self.playbookDirectory = playbookDirectory
        varsDirectories = baseDirectories + [playbookDirectory].compactMap { $0 }
        var groupFiles: [String: [String: VariableSet]] = [:]
        var hostFiles: [String: [String: VariableSet]] = [:]
        var groupFailures: [String: [String: InventoryError]] = [:]
        var hostFailures: [String: [String: InventoryError]] = [:]
        var warnings = sourceWarnings
        // One directory spelt two ways (the inventory's and the playbook's) is read once.
        var firstSpelling: [String: String] = [:]
        for directory in varsDirectories where groupFiles[directory] == nil {
            if let first = firstSpelling[directory.canonicalPath] {
                groupFiles[directory] = groupFiles[first]
                hostFiles[directory] = hostFiles[first]
                groupFailures[directory] = groupFailures[first]
                hostFailures[directory] = hostFailures[first]
                continue
            }
            firstSpelling[directory.canonicalPath] = directory
            let groups = try Self.readVarsFiles(in: directory + "/group_vars", names: inventory.groupNames, vault: vault, warnings: &warnings, kind: "group")
            let hosts = try Self.readVarsFiles(in: directory + "/host_vars", names: inventory.hostNames, vault: vault, warnings: &warnings, kind: "host")
            groupFiles[directory] = groups.variables
            groupFailures[directory] = groups.failures
            hostFiles[directory] = hosts.variables
            hostFailures[directory] = hosts.failures
        }
        groupVarsFiles = groupFiles
        hostVarsFiles = hostFiles
        groupVaultFailures = groupFailures
        hostVaultFailures = hostFailures
        self.warnings = warnings
        self.notes = notes
    }

    /// The variables of each name's files in `directory`, and for each name with a vault file
    /// that could not be opened, why.
    private static func readVarsFiles(in directory: String, names: [String], vault: VaultKeyring, warnings: inout [String],
                                      kind: String) throws(InventoryError) -> (variables: [String: VariableSet], failures: [String: InventoryError]) {
        var result: [String: VariableSet] = [:]
        var failures: [String: InventoryError] = [:]
        let present = VarsFileLocator.names(in: directory)
        guard !present.isEmpty else { return (result, failures) }
        // Hundreds of files in a large inventory: read them on every core.
        let loaded = names.filter { present[$0] != nil }.parallelMap { name in
            Result { () throws(InventoryError) -> (String, VariableSet, [String], InventoryError?) in
                var merged: VariableSet = [:]
                var fileWarnings: [String] = []
                for file in VarsFileLocator.files(in: directory, named: name) {
                    do throws(InventoryError) {
                        merged.override(with: try VarsFileLoader.load(path: file, vault: vault, warnings: &fileWarnings))
                    } catch {
                        guard VaultFile.isEncrypted(file) else { throw error }
                        return (name, [:], fileWarnings, error)
                    }
                }
                return (name, merged, fileWarnings, nil)
            }
        }
        for outcome in loaded {
            let (name, variables, fileWarnings, failure) = try outcome.get()
            result[name] = variables
            failures[name] = failure
            warnings += fileWarnings
        }
        let known = Set(names)
        for (name, path) in present.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            warnings.append("\(path): no \(kind) named '\(name)' in the inventory; these variables apply to nothing" + (kind == "group" ? Self.playTimeGroupHint(name) : ""))
        }
        return (result, failures)
    }

    /// Why the vault-encrypted vars files that `host`'s variables need could not be opened
    /// (group_vars of its groups and `all`, its host_vars), each file once.
    public func vaultFailures(forHost host: String) -> [InventoryError] {
        let groups = ["all"] + inventory.sortedGroups(ofHost: host).map(\.name)
        var failures: [InventoryError] = []
        for directory in varsDirectories {
            failures += groups.compactMap { groupVaultFailures[directory]?[$0] }
            failures += [hostVaultFailures[directory]?[host]].compactMap { $0 }
        }
        var seen = Set<String>()
        return failures.filter { seen.insert($0.description).inserted }
    }

    /// The way out when group_vars name a group no source defines: often one a playbook makes
    /// at play time (`group_by`, `add_host`, kubespray's `k8s_cluster`), which iptfleet never runs.
    private static func playTimeGroupHint(_ name: String) -> String {
        " (a group made at play time by group_by or add_host does not exist for iptfleet): define it in the inventory, e.g. [\(name):children] with its member groups, or move these variables to a group the hosts are in"
    }

    /// The host's variables with Ansible's default precedence (lowest first): `all`'s inventory
    /// vars, other groups' inventory vars (by depth, priority, name), `group_vars/all`, the other
    /// groups' `group_vars` files (per source, then by group order), the host's inventory vars,
    /// `host_vars` files, and finally `extraVars`; each kind of file first beside the sources,
    /// then beside the playbook.
    public func variables(forHost host: String, extraVars: VariableSet = [:]) -> VariableSet {
        var result = groupVariables(inventory.sortedGroups(ofHost: host))
        addHostLayers(host, extraVars: extraVars, to: &result)
        return result
    }

    /// Every host's variables, as `variables(forHost:)` gives them. Hosts in the same groups share
    /// the group layers, which are merged once per distinct set of groups.
    public func variablesOfAllHosts(extraVars: VariableSet = [:]) -> [String: VariableSet] {
        var groupLayers: [[String]: VariableSet] = [:]
        var result: [String: VariableSet] = [:]
        for host in inventory.hostNames {
            // Hosts listed in the same groups inherit the same groups' variables.
            let key = inventory.hosts[host]?.groups ?? []
            var variables: VariableSet
            if let cached = groupLayers[key] {
                variables = cached
            } else {
                variables = groupVariables(inventory.sortedGroups(ofHost: host))
                groupLayers[key] = variables
            }
            addHostLayers(host, extraVars: extraVars, to: &variables)
            result[host] = variables
        }
        return result
    }

    /// The layers that come from groups: inventory group vars, then group_vars files.
    private func groupVariables(_ groups: [Inventory.Group]) -> VariableSet {
        var result = inventory.groups["all"]?.variables ?? [:]
        for group in groups { result.override(with: group.variables) }
        for directory in varsDirectories {
            if let all = groupVarsFiles[directory]?["all"] { result.override(with: all) }
        }
        for directory in varsDirectories {
            for group in groups {
                if let vars = groupVarsFiles[directory]?[group.name] { result.override(with: vars) }
            }
        }
        return result
    }

    /// The layers above the groups: the host's inventory vars, host_vars files, extra vars.
    private func addHostLayers(_ host: String, extraVars: VariableSet, to result: inout VariableSet) {
        result.override(with: inventory.hosts[host]?.variables ?? [:])
        for directory in varsDirectories {
            if let vars = hostVarsFiles[directory]?[host] { result.override(with: vars) }
        }
        result.override(with: extraVars)
    }
}
