import Foundation

/// Filters on one value: type conversions (`bool`, `int`, `float`, `string`), text (`lower`,
/// `replace`, `split`, `trim`, …), numbers (`abs`, `round`) and paths (`basename`, `dirname`).
enum ScalarFilters {
    /// The result, or nil when `name` is not one of these filters.
    static func apply(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> VariableValue? {
        switch name {
        case "bool":
            try arguments.accept(0)
            return .bool(toBool(value))
        case "int":
            try arguments.accept(2, ["default", "base"])
            return try toInt(value, fallback: arguments.optional(0, "default") ?? .int(0), base: arguments.int(1, "base") ?? 10)
        case "float":
            try arguments.accept(1, ["default"])
            if let number = toFloat(value) { return number }
            return try arguments.optional(0, "default") ?? .float(0)
        case "string":
            try arguments.accept(0)
            return .string(value.pythonString)
        case "lower", "upper", "capitalize", "title":
            try arguments.accept(0)
            let text = value.pythonString
            let result = switch name {
            case "lower": text.lowercased()
            case "upper": text.uppercased()
            case "capitalize": PythonStrings.capitalize(text)
            default: jinjaTitle(text)
            }
            return .string(result)
        case "trim":
            try arguments.accept(1, ["chars"])
            return .string(PythonStrings.strip(value.pythonString, characters: try arguments.string(0, "chars"), leading: true, trailing: true))
        case "replace":
            try arguments.accept(3, ["old", "new", "count"])
            let count = try arguments.optional(2, "count")
            return .string(PythonStrings.replace(value.pythonString, try arguments.required(0, "old").pythonString,
                                                 try arguments.required(1, "new").pythonString, count: count == .null ? -1 : count?.integer ?? -1))
        case "split":
            try arguments.accept(2, ["seperator", "maxsplit"])
            guard case .string(let text) = value else { throw TemplateError("split: expected a string, got \(value.pythonType)") }
            let separator = try arguments.optional(0, "seperator")
            return .list(try PythonStrings.split(text, separator: separator == .null ? nil : separator?.pythonString,
                                                 limit: try arguments.int(1, "maxsplit") ?? -1, fromRight: false).map(VariableValue.string))
        case "length", "count":
            try arguments.accept(0)
            switch value {
            case .string(let text): return .int(text.count)
            case .list(let items): return .int(items.count)
            case .dict(let entries): return .int(entries.count)
            default: throw TemplateError("object of type '\(value.pythonType)' has no len()")
            }
        case "abs":
            try arguments.accept(0)
            if let number = value.integer { return .int(abs(number)) }
            if case .float(let number) = value { return .float(abs(number)) }
            throw TemplateError("bad operand type for abs(): '\(value.pythonType)'")
        case "round":
            try arguments.accept(2, ["precision", "method"])
            guard let number = value.number else { throw TemplateError("round: expected a number, got \(value.pythonType)") }
            let precision = try arguments.int(0, "precision") ?? 0
            let method = try arguments.string(1, "method") ?? "common"
            // Python's round() of an int is that int; floor and ceil always give a float.
            if method == "common", let integer = value.integer, precision >= 0 { return .int(integer) }
            let scale = pow(10, Double(precision))
            let rule: FloatingPointRoundingRule = switch method {
            case "ceil": .up
            case "floor": .down
            default: .toNearestOrEven
            }
            return .float((number * scale).rounded(rule) / scale)
        case "basename", "dirname":
            try arguments.accept(0)
            let path = value.pythonString
            guard let slash = path.lastIndex(of: "/") else { return .string(name == "basename" ? path : "") }
            if name == "basename" { return .string(String(path[path.index(after: slash)...])) }
            let head = String(path[..<slash])
            return .string(head.allSatisfy { $0 == "/" } ? String(path[...slash]) : String(head.reversed().drop { $0 == "/" }.reversed()))
        case "b64encode":
            try arguments.accept(1, ["encoding"])
            return .string(Data(value.pythonString.utf8).base64EncodedString())
        case "b64decode":
            try arguments.accept(1, ["encoding"])
            guard let data = Data(base64Encoded: value.pythonString), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError("b64decode: not valid base64 text of UTF-8")
            }
            return .string(text)
        case "type_debug":
            try arguments.accept(0)
            return .string(value.pythonType)
        default:
            return nil
        }
    }

    /// ansible-core's `bool` filter: yes/on/true/1 and no/off/false/0 (any case, or 0/1 as
    /// numbers); anything else is `value == 1`, with a deprecation warning in Ansible.
    static func toBool(_ value: VariableValue) -> Bool {
        let text: String
        switch value {
        case .string(let string): text = string.lowercased()
        case .int, .bool: text = value.integer.map { String($0) } ?? ""
        default: return value.pythonEquals(.int(1))
        }
        if ["yes", "on", "true", "1"].contains(text) { return true }
        return false
    }

    /// Jinja's `int`: an int, a float truncated, a string in `base` (or of a float), else `fallback`.
    static func toInt(_ value: VariableValue, fallback: VariableValue, base: Int) throws(TemplateError) -> VariableValue {
        switch value {
        case .int, .bool: return .int(value.integer!)
        case .float(let number):
            guard number.isFinite, abs(number) < 9.2e18 else { return fallback }
            return .int(Int(number))
        case .string(let text):
            var digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            var negative = false
            if digits.hasPrefix("-") || digits.hasPrefix("+") { negative = digits.hasPrefix("-"); digits.removeFirst() }
            if base != 10, let prefix = ["0x", "0o", "0b"].first(where: { digits.lowercased().hasPrefix($0) }),
               ["0x": 16, "0o": 8, "0b": 2][prefix] == base {
                digits.removeFirst(2)
            }
            if let number = Int(digits, radix: base), !digits.isEmpty { return .int(negative ? -number : number) }
            if base == 10, let float = Double(text.trimmingCharacters(in: .whitespaces)), float.isFinite, abs(float) < 9.2e18 { return .int(Int(float)) }
            return fallback
        default:
            return fallback
        }
    }

    static func toFloat(_ value: VariableValue) -> VariableValue? {
        switch value {
        case .int, .bool, .float: return value.number.map(VariableValue.float)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            if ["inf", "+inf", "infinity"].contains(trimmed) { return .float(.infinity) }
            if ["-inf", "-infinity"].contains(trimmed) { return .float(-.infinity) }
            if trimmed == "nan" { return .float(.nan) }
            guard trimmed.first.map({ $0.isNumber || "+-.".contains($0) }) == true else { return nil }
            return Double(trimmed.replacingOccurrences(of: "_", with: "")).map(VariableValue.float)
        default: return nil
        }
    }

    /// Jinja's `title`: the first letter of each word (after whitespace, `-`, brackets…) upper-cased.
    static func jinjaTitle(_ text: String) -> String {
        var result = ""
        var startOfWord = true
        for character in text {
            result += startOfWord ? character.uppercased() : character.lowercased()
            startOfWord = character.isWhitespace || "-()[]{}".contains(character)
        }
        return result
    }
}
