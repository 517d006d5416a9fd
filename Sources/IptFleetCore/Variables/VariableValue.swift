/// A variable's value as Ansible holds it after parsing: the JSON-like types that INI typing and
/// YAML produce.
public enum VariableValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case null
    case list([VariableValue])
    case dict([String: VariableValue])

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
        }
    }
}
