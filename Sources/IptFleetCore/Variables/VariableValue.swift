import OrderedCollections

/// A variable's value as Ansible holds it after parsing: the JSON-like types that INI typing and
/// YAML produce. A mapping keeps its keys in the order written, as a Python dict does: `to_json`,
/// `dict2items` and `items` give them in that order (`inventory --list` sorts them, like
/// ansible-inventory).
public enum VariableValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case null
    case list([VariableValue])
    case dict(OrderedDictionary<String, VariableValue>)
    /// An inline `!vault` value, still encrypted.
    case vault(VaultedText)

    /// A short name of the value's type, for error messages ("a string", "a list", …).
    public var typeDescription: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .float: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .list: "a list"
        case .dict: "a mapping"
        case .vault: "a vault-encrypted value"
        }
    }

    /// The value as a setting's whole number: an int, or a string holding one (as INI values are
    /// written); nil for anything else, a boolean included (unlike `integer`, Python's view).
    var settingInteger: Int? {
        switch self {
        case .int(let number): number
        case .string(let text): Int(text)
        default: nil
        }
    }

    /// Whether the value is, or holds, an inline `!vault` value.
    public var containsVault: Bool {
        switch self {
        case .vault: true
        case .list(let items): items.contains { $0.containsVault }
        case .dict(let entries): entries.values.contains { $0.containsVault }
        default: false
        }
    }
}
