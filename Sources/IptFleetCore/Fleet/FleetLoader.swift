/// Loads and validates a whole fleet before anything talks to a host: inventory, vars files,
/// defaults, extra vars, the limit, and every selected host's configuration.
public struct FleetLoader: Sendable {
    public init() {}

    /// What `load` reads before it checks any host.
    public struct Inputs: Sendable {
        /// The inventory with its vars files.
        public let loaded: LoadedInventory
        /// The defaults layer; empty when not read.
        public let defaults: VariableSet
        public let extraVars: VariableSet
        /// The hosts `--limit` selects, in inventory order; nil without a limit.
        public let limited: [String]?
        /// Warnings about the defaults and extra vars files (the inventory's are in `loaded`).
        public let warnings: [String]
    }

    /// Reads the inventory, the defaults (unless `readDefaults` is false), the extra vars and the
    /// limit; the first bad input is thrown.
    public func readInputs(_ request: FleetRequest, defaults readDefaults: Bool = true) throws(InventoryError) -> Inputs {
        var warnings: [String] = []
        let loaded = try InventoryLoader(ignoreRules: request.inventoryIgnoreRules, vault: request.vault)
            .load(sources: request.inventorySources, playbookDirectory: request.playbookDirectory)
        let defaults = try readDefaults
            ? DefaultVariables.load(directory: request.defaultsDirectory, vault: request.vault, warnings: &warnings) : [:]
        let extraVars = try ExtraVars.parse(request.extraVars, vault: request.vault, warnings: &warnings)
        let limited = try request.limit.map { limit throws(InventoryError) in try LimitPattern(inventory: loaded.inventory).select(limit) }
        return Inputs(loaded: loaded, defaults: defaults, extraVars: extraVars, limited: limited, warnings: warnings)
    }

    public func load(_ request: FleetRequest) throws(FleetError) -> Fleet {
        let inputs: Inputs
        do {
            inputs = try readInputs(request)
        } catch {
            throw FleetError(problems: [error.description])
        }
        let (loaded, defaults, extraVars, fileWarnings) = (inputs.loaded, inputs.defaults, inputs.extraVars, inputs.warnings)
        let selected = inputs.limited ?? loaded.inventory.hostNames
        if loaded.inventory.hostNames.isEmpty {
            throw FleetError(problems: ["\(request.inventorySources.joined(separator: ", ")): the inventory has no hosts"])
        }
        if selected.isEmpty {
            throw FleetError(problems: ["no host matches --limit '\(request.limit ?? "all")'"])
        }
        let selectedSet = Set(selected)
        var configurations: [String: HostConfiguration] = [:]
        var errors: [String] = []
        var warnings = loaded.warnings + fileWarnings
        var warned = Set<String>()
        var vaultProblems = Set<String>()
        let builder = HostConfigurationBuilder()
        let hostVariables = loaded.variablesOfAllHosts(extraVars: extraVars)
        let templater = HostVariableTemplater(inventory: loaded.inventory, playbookDirectory: loaded.playbookDirectory, vault: request.vault) { host in
            var variables = defaults
            variables.override(with: hostVariables[host] ?? [:])
            return variables
        }
        var defaultPolicyHosts: [String] = []
        for host in loaded.inventory.hostNames {
            let raw = templater.rawVariables(ofHost: host)
            if selectedSet.contains(host), defaults.allSatisfy({ raw[$0.key]?.origin == $0.value.origin }) {
                defaultPolicyHosts.append(host)
            }
            let vaultErrors = loaded.vaultFailures(forHost: host)
            guard vaultErrors.isEmpty else {
                // The same vault file fails the same way for every host of its group: say it once.
                let selected = selectedSet.contains(host)
                for problem in vaultErrors.map(\.description) where vaultProblems.insert("\(selected) \(problem)").inserted {
                    if selected { errors.append(problem) } else { warnings.append("\(problem) (for hosts not selected by --limit)") }
                }
                continue
            }
            // Only the variables iptfleet reads are templated (and their `!vault` values
            // decrypted): a broken unrelated one harms nothing.
            let (variables, templateIssues) = templater.templated(host: host, names: HostVariable.templatedNames)
            let outcome = builder.build(host: host, variables: variables)
            // The same misspelt name in a group file would warn once per host; say it once.
            for warning in outcome.warnings where warned.insert("\(warning.origin?.description ?? ""):\(warning.variable)").inserted {
                warnings.append(warning.description)
            }
            // A variable that could not be templated is reported once, not again as missing.
            let untemplated = Set(templateIssues.map(\.variable))
            let problems = templateIssues + outcome.errors.filter { !untemplated.contains($0.rootVariable) }
                + ConnectionVariableCheck.issues(host: host, variables: variables)
            if selectedSet.contains(host) {
                errors += problems.map(\.description)
                configurations[host] = outcome.configuration
            } else {
                warnings += problems.map { "\($0.description) (host not selected by --limit)" }
            }
        }
        guard errors.isEmpty else { throw FleetError(problems: errors) }
        if let warning = Self.defaultPolicyWarning(hosts: defaultPolicyHosts, loaded: loaded, projectDirectory: request.playbookDirectory) {
            warnings.append(warning)
        }
        return Fleet(loaded: loaded, extraVars: extraVars, configurations: selected.compactMap { configurations[$0] }, warnings: warnings)
    }

    /// A warning when `hosts` get every firewall variable from the defaults while the project
    /// (the playbook directory's tree) holds group_vars/ or host_vars/ that were not read.
    static func defaultPolicyWarning(hosts: [String], loaded: LoadedInventory, projectDirectory: String?) -> String? {
        guard !hosts.isEmpty, let projectDirectory else { return nil }
        let unread = UnreadVarsDirectories.find(under: projectDirectory, read: loaded.varsDirectories)
        guard !unread.isEmpty else { return nil }
        let named = hosts.prefix(5).joined(separator: ", ") + (hosts.count > 5 ? " and \(hosts.count - 5) more" : "")
        return "\(named): every firewall variable comes from the defaults (SSH from anywhere, nothing else open), "
            + "but \(unread.joined(separator: ", ")) went unread: iptfleet reads group_vars/ and host_vars/ only beside each inventory source "
            + "and beside the playbook directory; pass the inventory beside them with -i, or their parent with --playbook-dir"
    }
}
