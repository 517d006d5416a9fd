/// One host's variables as iptfleet uses them, each with where its final value came from:
/// the defaults, then the inventory's layers (playbook directory included), then `-e`. Values
/// are as read: iptfleet templates nothing, so a `{{ … }}` stays text.
public struct HostVariableReport: Sendable {
    public let host: String
    public let variables: VariableSet
    private let defaults: VariableSet

    public init(host: String, loaded: LoadedInventory, defaults: VariableSet, extraVars: VariableSet) {
        self.host = host
        self.defaults = defaults
        var variables = defaults
        variables.override(with: loaded.variables(forHost: host, extraVars: extraVars))
        self.variables = variables
    }

    /// Where `name`'s value came from: `file:line`, `-e`, or `default`; nil when it has none.
    public func source(of name: String) -> String? {
        guard let variable = variables[name] else { return nil }
        if variable.origin == .commandLine { return "-e" }
        if defaults[name]?.origin == variable.origin { return "default" }
        return variable.origin.description
    }

    /// Every firewall and connection variable iptfleet reads, one a line: `name = value  # source`
    /// (a value as one line of JSON; a secret's, by its name or from a vault, as `***`), or
    /// `name is not set`.
    public func text() -> String {
        HostConfigurationBuilder.knownVariables.sorted().map { name in
            guard let variable = variables[name], let source = source(of: name) else { return "\(name) is not set" }
            if SecretVariableName.isSecret(name) || variable.isSecret { return "\(name) = ***  # \(source)" }
            // AnsibleJSON indents nested values; folded here to one line each.
            let value = AnsibleJSON.write(variable.value).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return "\(name) = \(value)  # \(source)"
        }.joined(separator: "\n")
    }

    /// All the host's variables as one JSON object `{name: value}`, typed as Ansible types them;
    /// a value decrypted from a vault file reads `***`, an inline `!vault` one stays encrypted
    /// (`{"__ansible_vault": …}`, as ansible-inventory writes it).
    public func json() -> String {
        AnsibleJSON.write(.dict(variables.mapValues { $0.isVaulted ? .string("***") : $0.value }))
    }
}
