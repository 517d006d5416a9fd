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

extension VariableValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .float(let value):
            // JSON has no infinities or NaN; Python's json module writes them bare, which is not
            // JSON. We write them as strings, as most JSON consumers expect.
            if value.isFinite { try container.encode(value) } else { try container.encode(String(value)) }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .list(let values): try container.encode(values)
        case .dict(let values): try container.encode(values)
        }
    }
}
