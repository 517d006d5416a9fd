import Foundation

/// Jinja2's arithmetic, concatenation, comparison and membership operators, with Python's
/// semantics (`/` always gives a float, `//` and `%` floor, `"a" * 3`, list `+`, …).
enum PythonOperators {
    static func unary(_ symbol: String, _ value: VariableValue) throws(TemplateError) -> VariableValue {
        switch symbol {
        case "not": return .bool(!value.isTruthy)
        case "-":
            if let number = value.integer { return .int(-number) }
            if case .float(let number) = value { return .float(-number) }
        default:
            if let number = value.integer { return .int(number) }
            if case .float = value { return value }
        }
        throw TemplateError("bad operand type for unary \(symbol): '\(value.pythonType)'")
    }

    static func binary(_ symbol: String, _ left: VariableValue, _ right: VariableValue) throws(TemplateError) -> VariableValue {
        switch symbol {
        case "==": return .bool(left.pythonEquals(right))
        case "!=": return .bool(!left.pythonEquals(right))
        case "<", "<=", ">", ">=": return .bool(try left.pythonCompare(right, symbol))
        case "in": return .bool(try contains(right, left))
        case "not in": return .bool(!(try contains(right, left)))
        case "~": return .string(left.pythonString + right.pythonString)
        default: return try arithmetic(symbol, left, right)
        }
    }

    /// `needle in container`.
    static func contains(_ container: VariableValue, _ needle: VariableValue) throws(TemplateError) -> Bool {
        switch container {
        case .list(let items): return items.contains { $0.pythonEquals(needle) }
        case .dict(let entries):
            guard TemplateEvaluator.isKey(needle) else { throw TemplateError("unhashable type: '\(needle.pythonType)'") }
            return entries[needle.pythonString] != nil
        case .string(let text):
            guard case .string(let part) = needle else {
                throw TemplateError("'in <string>' requires string as left operand, not \(needle.pythonType)")
            }
            return part.isEmpty || text.contains(part)
        default:
            throw TemplateError("argument of type '\(container.pythonType)' is not iterable")
        }
    }

    private static func arithmetic(_ symbol: String, _ left: VariableValue, _ right: VariableValue) throws(TemplateError) -> VariableValue {
        let mismatch = TemplateError("unsupported operand type(s) for \(symbol): '\(left.pythonType)' and '\(right.pythonType)'")
        if symbol == "*", let count = left.integer ?? right.integer {
            let size = switch (left, right) {
            case (.string(let text), _), (_, .string(let text)): text.utf8.count
            case (.list(let items), _), (_, .list(let items)): items.count
            default: 0
            }
            if size > 0, count > 0, size > TemplateLimits.maximumItems / count { throw TemplateLimits.tooMany("repeating a value \(count) times") }
        }
        switch (symbol, left, right) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("*", .string(let text), _) where right.integer != nil: return .string(String(repeating: text, count: max(0, right.integer!)))
        case ("*", _, .string(let text)) where left.integer != nil: return .string(String(repeating: text, count: max(0, left.integer!)))
        case ("*", .list(let items), _) where right.integer != nil: return .list(Array(repeating: items, count: max(0, right.integer!)).flatMap { $0 })
        case ("%", .string, _): throw TemplateError.unsupported("operator", "string % formatting")
        default: break
        }
        if let a = left.integer, let b = right.integer {
            return try integerArithmetic(symbol, a, b)
        }
        guard let a = left.number, let b = right.number else { throw mismatch }
        switch symbol {
        case "+": return .float(a + b)
        case "-": return .float(a - b)
        case "*": return .float(a * b)
        case "/":
            guard b != 0 else { throw TemplateError("float division by zero") }
            return .float(a / b)
        case "//":
            guard b != 0 else { throw TemplateError("float floor division by zero") }
            return .float((a / b).rounded(.down))
        case "%":
            guard b != 0 else { throw TemplateError("float modulo") }
            let remainder = fmod(a, b)
            return .float(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
        case "**": return .float(pow(a, b))
        default: throw mismatch
        }
    }

    private static func integerArithmetic(_ symbol: String, _ a: Int, _ b: Int) throws(TemplateError) -> VariableValue {
        let overflow = TemplateError("integer result of \(a) \(symbol) \(b) is beyond 64 bits, which iptfleet does not support")
        switch symbol {
        case "+":
            let (result, over) = a.addingReportingOverflow(b)
            if over { throw overflow }
            return .int(result)
        case "-":
            let (result, over) = a.subtractingReportingOverflow(b)
            if over { throw overflow }
            return .int(result)
        case "*":
            let (result, over) = a.multipliedReportingOverflow(by: b)
            if over { throw overflow }
            return .int(result)
        case "/":
            guard b != 0 else { throw TemplateError("division by zero") }
            return .float(Double(a) / Double(b))
        case "//", "%":
            guard b != 0 else { throw TemplateError(symbol == "%" ? "integer modulo by zero" : "integer division or modulo by zero") }
            var quotient = a / b
            if (a % b != 0) && ((a < 0) != (b < 0)) { quotient -= 1 }
            return .int(symbol == "//" ? quotient : a - quotient * b)
        case "**":
            guard b >= 0 else { return .float(pow(Double(a), Double(b))) }
            if abs(a) <= 1 { return .int(a == -1 && b % 2 == 1 ? -1 : (a == 0 && b > 0 ? 0 : 1)) }
            var result = 1
            for _ in 0..<b {
                let (next, over) = result.multipliedReportingOverflow(by: a)
                if over { throw overflow }
                result = next
            }
            return .int(result)
        default:
            throw TemplateError("unsupported operator \(symbol)")
        }
    }
}
