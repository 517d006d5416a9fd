import OrderedCollections

/// Python's meaning of the JSON-like values, which Jinja2 (and so Ansible) evaluates with:
/// truth, equality across int/float/bool, ordering, `str()` and `repr()`.
extension VariableValue {
    /// Python's type name, as its error messages give it.
    var pythonType: String {
        switch self {
        case .string: "str"
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .null: "NoneType"
        case .list: "list"
        case .dict: "dict"
        // Never seen by a template: HostVariableTemplater decrypts a variable's `!vault`
        // values before rendering it. Ansible's name for one that is not decrypted.
        case .vault: "AnsibleVaultEncryptedUnicode"
        }
    }

    /// `bool(value)`.
    var isTruthy: Bool {
        switch self {
        case .string(let text): !text.isEmpty
        case .int(let number): number != 0
        case .float(let number): number != 0
        case .bool(let flag): flag
        case .null: false
        case .list(let items): !items.isEmpty
        case .dict(let entries): !entries.isEmpty
        case .vault: true
        }
    }

    /// The value as a Python number (bool counts as 0/1), nil for other types.
    var number: Double? {
        switch self {
        case .int(let number): Double(number)
        case .float(let number): number
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// An int or bool as an integer.
    var integer: Int? {
        switch self {
        case .int(let number): number
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// `a == b` in Python: `1 == 1.0 == True`, dicts equal whatever their order.
    func pythonEquals(_ other: VariableValue) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a == b
        case (.null, .null): return true
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.pythonEquals) ?? false }
        default:
            if let a = integer, let b = other.integer { return a == b }
            if let a = number, let b = other.number { return a == b }
            return false
        }
    }

    /// `a < b` (and the others) in Python: numbers, strings and lists order; anything else is a TypeError.
    func pythonCompare(_ other: VariableValue, _ symbol: String) throws(TemplateError) -> Bool {
        let order: Int
        switch (self, other) {
        case (.string(let a), .string(let b)):
            order = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.list(let a), .list(let b)):
            var result = a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
            for (x, y) in zip(a, b) where !x.pythonEquals(y) {
                result = try x.pythonCompare(y, "<") ? -1 : 1
                break
            }
            order = result
        default:
            if let a = integer, let b = other.integer {
                order = a < b ? -1 : (a == b ? 0 : 1)
            } else if let a = number, let b = other.number {
                order = a < b ? -1 : (a == b ? 0 : 1)
            } else {
                throw TemplateError("'\(symbol)' not supported between instances of '\(pythonType)' and '\(other.pythonType)'")
            }
        }
        switch symbol {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        default: return order >= 0
        }
    }

    /// `str(value)`.
    var pythonString: String {
        switch self {
        case .string(let text): text
        default: pythonRepr
        }
    }

    /// `repr(value)`.
    var pythonRepr: String {
        switch self {
        case .string(let text): Self.repr(text)
        case .int(let number): String(number)
        case .float(let number): Self.floatRepr(number)
        case .bool(let flag): flag ? "True" : "False"
        case .null: "None"
        case .list(let items): "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .dict(let entries): "{" + entries.map { "\(Self.repr($0.key)): \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        case .vault(let text): Self.repr(text.envelope)
        }
    }

    /// Python's `repr(float)` (`inf`, `nan`, shortest digits, `.0` on integral values).
    static func floatRepr(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return PythonJSON.float(number)
    }

    /// Python's `repr(str)`: single quotes unless the text holds one and no double quote.
    static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == quote: result += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + String(quote)
    }

    /// The items Python iterates over: a list's items, a dict's keys, a string's characters.
    func iterated() throws(TemplateError) -> [VariableValue] {
        switch self {
        case .list(let items): return items
        case .dict(let entries): return entries.keys.map(VariableValue.string)
        case .string(let text): return text.map { .string(String($0)) }
        default: throw TemplateError("'\(pythonType)' object is not iterable")
        }
    }
}
