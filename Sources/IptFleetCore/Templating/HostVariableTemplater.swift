import Foundation
import OrderedCollections

/// Templates hosts' variables on demand, as a play sees them: a variable is rendered only when
/// asked for (or used by another), once, with the magic variables (`inventory_hostname`,
/// `groups`, `hostvars`, …) available; a loop between variables is an error naming the chain.
/// Not thread-safe: one per loading of a fleet.
public final class HostVariableTemplater {
    private let inventory: Inventory
    private let rawVariables: (String) -> VariableSet
    /// Opens the inline `!vault` values a template uses: the one place they are decrypted.
    private let vault: VaultKeyring
    private let lookups: TemplateLookups
    private let playbookDirectory: String
    private var variableCache: [String: VariableSet] = [:]
    private var results: [Key: Result<VariableValue, TemplateError>] = [:]
    /// The variables being rendered, outermost first, to detect loops.
    private var inProgress: [Key] = []
    /// The work left for the outermost variable being rendered.
    private var budget = TemplateBudget()
    /// How many variables deep one may use another (far beyond real inventories).
    static let maximumChain = 200

    private struct Key: Hashable {
        let host: String
        let name: String
    }

    /// `variables` gives a host's merged raw variables (defaults, inventory, `-e`);
    /// `playbookDirectory` is `playbook_dir` and where `lookup('file')` starts (nil: the working
    /// directory); `vault` decrypts an inline `!vault` value when a variable holding one is used,
    /// as in Ansible (a value no password opens harms only what uses it).
    public init(inventory: Inventory, playbookDirectory: String?, vault: VaultKeyring = .empty,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                variables: @escaping (String) -> VariableSet) {
        self.inventory = inventory
        self.vault = vault
        self.rawVariables = variables
        let directory = URL(fileURLWithPath: playbookDirectory ?? FileManager.default.currentDirectoryPath).standardizedFileURL.path
        self.playbookDirectory = directory
        self.lookups = TemplateLookups(baseDirectory: directory, environment: environment)
    }

    /// The templater over `loaded`'s hosts, with the defaults below and `extraVars` above.
    public convenience init(loaded: LoadedInventory, defaults: VariableSet, extraVars: VariableSet, vault: VaultKeyring = .empty) {
        self.init(inventory: loaded.inventory, playbookDirectory: loaded.playbookDirectory, vault: vault) { host in
            var variables = defaults
            variables.override(with: loaded.variables(forHost: host, extraVars: extraVars))
            return variables
        }
    }

    /// The host's variables as read, before templating: the one place a raw value is fetched.
    public func rawVariables(ofHost host: String) -> VariableSet {
        if let cached = variableCache[host] { return cached }
        let variables = rawVariables(host)
        variableCache[host] = variables
        return variables
    }

    /// `name`'s templated value for `host` (magic variables included); nil when undefined.
    public func value(of name: String, host: String) throws(TemplateError) -> VariableValue? {
        let key = Key(host: host, name: name)
        if let done = results[key] { return try done.get() }
        guard let variable = rawVariables(ofHost: host)[name] else { return magicVariable(name, host: host) }
        if let start = inProgress.firstIndex(of: key) {
            let chain = (inProgress[start...] + [key]).map { $0.host == host ? $0.name : "hostvars['\($0.host)'].\($0.name)" }
            throw TemplateError("recursive loop detected: \(chain.joined(separator: " → "))", variable: inProgress[start].name,
                                origin: rawVariables(ofHost: inProgress[start].host)[inProgress[start].name]?.origin)
        }
        guard inProgress.count < Self.maximumChain else {
            throw TemplateError("variables use each other more than \(Self.maximumChain) deep", variable: name, origin: variable.origin)
        }
        if inProgress.isEmpty { budget = TemplateBudget() }
        inProgress.append(key)
        defer { inProgress.removeLast() }
        let result = Result { () throws(TemplateError) -> VariableValue in
            do throws(TemplateError) {
                return try TemplateRenderer.render(try revealed(variable), with: TemplateEvaluator(scope: Scope(templater: self, host: host), budget: budget))
            } catch {
                throw error.located(variable: name, origin: variable.origin)
            }
        }
        results[key] = result
        return try result.get()
    }

    /// `variable`'s value with its inline `!vault` values decrypted (strings, as Ansible gives them).
    private func revealed(_ variable: Variable) throws(TemplateError) -> VariableValue {
        guard variable.value.containsVault else { return variable.value }
        do {
            return try VaultReveal.revealed(variable.value, vault: vault)
        } catch {
            throw TemplateError(error.message, origin: error.origin)
        }
    }

    /// The named variables of `host`, templated, each keeping its origin; a variable that
    /// cannot be templated becomes an issue (and is left out). Other variables are not touched.
    public func templated(host: String, names: some Sequence<String>) -> (variables: VariableSet, issues: [ConfigurationIssue]) {
        var variables = rawVariables(ofHost: host)
        var issues: [ConfigurationIssue] = []
        for name in names {
            guard let variable = variables[name] else { continue }
            do {
                let value = try value(of: name, host: host) ?? .null
                variables[name] = Variable(value, origin: variable.origin, elementLines: value == variable.value ? variable.elementLines : [],
                                           isVaulted: variable.isSecret)
            } catch {
                variables[name] = nil
                // An error in another variable this one uses names that one, with its file and line.
                issues.append(ConfigurationIssue(host: host, variable: name, origin: variable.origin,
                                                 message: error.variable == name || error.variable == nil ? error.message : error.description))
            }
        }
        return (variables, issues)
    }

    // MARK: Magic variables

    static let magicNames = ["inventory_hostname", "inventory_hostname_short", "group_names", "groups", "playbook_dir",
                             "inventory_dir", "inventory_file"]

    private func magicVariable(_ name: String, host: String) -> VariableValue? {
        guard let entry = inventory.hosts[host] else { return nil }
        switch name {
        case "inventory_hostname": return .string(host)
        case "inventory_hostname_short":
            return .string(CIDR(host) != nil ? host : String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? ""))
        case "group_names":
            return .list(inventory.sortedGroups(ofHost: host).map(\.name).sorted().map(VariableValue.string))
        case "groups":
            var groups: OrderedDictionary<String, VariableValue> = [:]
            for group in inventory.groupNames { groups[group] = .list(inventory.hostsOfGroup(group).map(VariableValue.string)) }
            return .dict(groups)
        case "playbook_dir": return .string(playbookDirectory)
        case "inventory_file", "inventory_dir":
            guard let file = entry.origin?.file, FileManager.default.fileExists(atPath: file) else { return .null }
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            return .string(name == "inventory_file" ? path : (path as NSString).deletingLastPathComponent)
        default: return nil
        }
    }

    /// What a template of `host`'s variables sees.
    private struct Scope: TemplateScope {
        let templater: HostVariableTemplater
        let host: String

        func variable(_ name: String) throws(TemplateError) -> VariableValue? {
            try templater.value(of: name, host: host)
        }

        func variable(_ name: String, ofHost other: String) throws(TemplateError) -> VariableValue? {
            try templater.value(of: name, host: other)
        }

        var hostNames: [String] { templater.inventory.hostNames }

        func hasHost(_ name: String) -> Bool { templater.inventory.hosts[name] != nil }

        func variableNames(ofHost other: String) -> [String] {
            (templater.rawVariables(ofHost: other).keys.sorted() + HostVariableTemplater.magicNames.filter { name in
                templater.rawVariables(ofHost: other)[name] == nil && name != "groups" && name != "playbook_dir"
            })
        }

        func lookup(_ plugin: String, terms: [VariableValue], options: [String: VariableValue]) throws(TemplateError) -> [VariableValue] {
            try templater.lookups.run(plugin, terms: terms, options: options)
        }
    }
}
