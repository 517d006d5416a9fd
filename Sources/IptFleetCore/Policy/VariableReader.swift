/// Reads typed values out of a host's variables, recording a `ConfigurationIssue` for each bad
/// or missing one and returning a placeholder so checking can go on. A variable is read by its
/// `HostVariable`; an item or field of one is named by a label such as `iptables_allow_rules[0].port`.
struct VariableReader {
    let host: String
    let variables: VariableSet
    private(set) var errors: [ConfigurationIssue] = []
    private(set) var warnings: [ConfigurationIssue] = []

    init(host: String, variables: VariableSet) {
        self.host = host
        self.variables = variables
    }

    /// Whether the host sets the variable at all.
    func isSet(_ variable: HostVariable) -> Bool {
        variables[variable.rawValue] != nil
    }

    mutating func fail(_ name: String, _ message: String, at origin: VariableOrigin? = nil) {
        errors.append(ConfigurationIssue(host: host, variable: name, origin: origin ?? variables[name]?.origin, message: message))
    }

    mutating func warn(_ name: String, _ message: String) {
        warnings.append(ConfigurationIssue(host: host, variable: name, origin: variables[name]?.origin, message: message))
    }

    /// The variable, or an error saying that it has no value (the defaults file should give one).
    mutating func required(_ name: HostVariable) -> Variable? {
        guard let variable = variables[name.rawValue] else {
            fail(name.rawValue, "has no value; the defaults (GroupVars/all.yml, or --defaults) should define it")
            return nil
        }
        return variable
    }

    mutating func bool(_ name: HostVariable, default fallback: Bool? = nil) -> Bool {
        guard let variable = fallback == nil ? required(name) : variables[name.rawValue] else { return fallback ?? false }
        guard let flag = AnsibleBoolean.value(of: variable.value) else {
            fail(name.rawValue, "expected a boolean (yes/no, true/false, on/off, 1/0), got \(shown(variable.value, of: name.rawValue))")
            return false
        }
        return flag
    }

    mutating func integer(_ name: HostVariable, in range: ClosedRange<Int>) -> Int {
        guard let variable = required(name) else { return range.lowerBound }
        guard let number = variable.value.settingInteger, range.contains(number) else {
            fail(name.rawValue, "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(shown(variable.value, of: name.rawValue))")
            return range.lowerBound
        }
        return number
    }

    mutating func port(_ name: HostVariable, default fallback: Int) -> Int {
        guard let variable = variables[name.rawValue] else { return fallback }
        guard let number = variable.value.settingInteger, (1...65535).contains(number) else {
            fail(name.rawValue, "expected a port number from 1 to 65535, got \(shown(variable.value, of: name.rawValue))")
            return fallback
        }
        return number
    }

    mutating func string(_ name: HostVariable, default fallback: String) -> String {
        optionalString(name) ?? fallback
    }

    mutating func optionalString(_ name: HostVariable) -> String? {
        guard let variable = variables[name.rawValue] else { return nil }
        switch variable.value {
        case .string(let text) where !text.isEmpty: return text
        case .int(let number): return String(number)
        default:
            fail(name.rawValue, "expected a non-empty string, got \(shown(variable.value, of: name.rawValue))")
            return nil
        }
    }

    /// `value` (of the variable `name`, or of an item or field of it: `rules[0].port`) for a
    /// message: as `show` writes it, unless it came from a vault.
    func shown(_ value: VariableValue, of name: String) -> String {
        isSecret(name) ? "a value from a vault (not shown)" : Self.show(value)
    }

    /// Whether the variable `name` (or the one `rules[0].port` is part of) came from a vault.
    func isSecret(_ name: String) -> Bool {
        variables[String(name.prefix { $0 != "[" && $0 != "." })]?.isSecret == true
    }

    /// A value as the user wrote it, for messages.
    static func show(_ value: VariableValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .list: "a list"
        case .dict: "a mapping"
        case .vault: "a vault-encrypted value"
        }
    }
}
