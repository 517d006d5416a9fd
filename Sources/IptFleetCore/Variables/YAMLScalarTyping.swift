import Foundation

/// Types a plain YAML scalar the way PyYAML's YAML 1.1 resolver does, because Ansible reads
/// vars files with PyYAML: `yes`/`on` are booleans, `0755` is octal, `1:30` is 90, but `1e3`
/// (no dot) and `0o17` stay strings.
enum YAMLScalarTyping {
    static func typedValue(ofPlain text: String) -> VariableValue {
        if let bool = booleans[text] { return .bool(bool) }
        if text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        // Only text made of number characters can be a number or a timestamp; checking that
        // first keeps the regular expressions off the many plain strings (a measurable cost).
        guard text.utf8.allSatisfy({ Self.numericCharacters.contains($0) }) || text.hasPrefix(".") || text.hasPrefix("-.") || text.hasPrefix("+.") else {
            return .string(text)
        }
        // No number or timestamp has two dots (an IPv4 address is the usual such string).
        if text.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count > 1 { return .string(text) }
        if let first = text.utf8.first, first != UInt8(ascii: "0"), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) {
            return .int(value)  // the common case, without a regular expression
        }
        if matches(text, intPattern), let value = integer(text) { return .int(value) }
        if matches(text, floatPattern), let value = float(text) { return .float(value) }
        if let timestamp = isoTimestamp(text) { return .string(timestamp) }
        return .string(text)
    }

    /// Every character that may appear in a YAML 1.1 int, float or timestamp (.inf/.nan aside).
    private static let numericCharacters = Set("0123456789abcdefABCDEFxXoO_:.+-eEtTzZ ".utf8)

    /// A YAML timestamp as Python's `isoformat()` writes the date or datetime PyYAML builds:
    /// `2024-01-01 10:00:00Z` becomes `2024-01-01T10:00:00+00:00`.
    static func isoTimestamp(_ text: String) -> String? {
        guard let match = timestampPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        guard let year = group(1), let month = group(2).flatMap({ Int($0) }), let day = group(3).flatMap({ Int($0) }) else { return nil }
        let date = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        guard let hour = group(4).flatMap({ Int($0) }), let minute = group(5), let second = group(6) else {
            // A date without a time needs two-digit month and day.
            return group(2)?.count == 2 && group(3)?.count == 2 ? date : nil
        }
        var result = "\(date)T\(twoDigits(hour)):\(minute):\(second)"
        if let fraction = group(7), let micro = Int(String((fraction + "000000").prefix(6))), micro > 0 {
            result += "." + String((fraction + "000000").prefix(6))
        }
        if let zone = group(8) {
            if zone == "Z" {
                result += "+00:00"
            } else {
                let sign = zone.prefix(1)
                let parts = zone.dropFirst().split(separator: ":")
                let hours = Int(parts[0]) ?? 0
                let minutes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                result += "\(sign)\(twoDigits(hours)):\(twoDigits(minutes))"
            }
        }
        return result
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private static let timestampPattern = try! NSRegularExpression(pattern: #"""
        ^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$
        """#)

    /// Types a scalar of a JSON document (JSON's own grammar, not YAML 1.1's).
    static func typedValue(ofJSON text: String) -> VariableValue {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let value = Int(text) { return .int(value) }
            if let value = Double(text) { return .float(value) }
            return .string(text)
        }
    }

    private static let booleans: [String: Bool] = {
        var table: [String: Bool] = [:]
        for word in ["yes", "true", "on"] { for form in [word, word.capitalized, word.uppercased()] { table[form] = true } }
        for word in ["no", "false", "off"] { for form in [word, word.capitalized, word.uppercased()] { table[form] = false } }
        return table
    }()

    private static let intPattern = try! NSRegularExpression(pattern: """
        ^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$
        """)
    private static let floatPattern = try! NSRegularExpression(pattern: """
        ^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?\
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$
        """)

    private static func matches(_ text: String, _ pattern: NSRegularExpression) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func splitSign(_ text: String) -> (sign: Int, body: String) {
        var body = text.replacingOccurrences(of: "_", with: "")
        var sign = 1
        if body.hasPrefix("-") { sign = -1; body.removeFirst() } else if body.hasPrefix("+") { body.removeFirst() }
        return (sign, body)
    }

    private static func integer(_ text: String) -> Int? {
        let (sign, body) = splitSign(text)
        let magnitude: Int?
        if body == "0" {
            magnitude = 0
        } else if body.hasPrefix("0b") {
            magnitude = Int(body.dropFirst(2), radix: 2)
        } else if body.hasPrefix("0x") {
            magnitude = Int(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0") {
            magnitude = Int(body.dropFirst(), radix: 8)
        } else if body.contains(":") {
            magnitude = sexagesimal(body).flatMap { Int(exactly: $0) }
        } else {
            magnitude = Int(body)
        }
        return magnitude.map { $0 * sign }
    }

    private static func float(_ text: String) -> Double? {
        let (sign, body) = splitSign(text)
        let lower = body.lowercased()
        if lower == ".inf" { return Double(sign) * .infinity }
        if lower == ".nan" { return .nan }
        if body.contains(":") { return sexagesimal(body).map { Double(sign) * $0 } }
        return Double(body).map { Double(sign) * $0 }
    }

    /// `1:30` is 1 × 60 + 30.
    private static func sexagesimal(_ body: String) -> Double? {
        var total = 0.0
        for part in body.split(separator: ":") {
            guard let value = Double(part) else { return nil }
            total = total * 60 + value
        }
        return total
    }
}
