/// Writes JSON the way `ansible-inventory` does (Python's `json.dumps(sort_keys=True,
/// indent=4, ensure_ascii=False)`): floats keep their `.0`, and infinities and NaN are written
/// as Python writes them (`Infinity`, `-Infinity`, `NaN`). Foundation's JSONEncoder can do
/// neither, so ansible-inventory's output could not be matched with it.
enum AnsibleJSON {
    static func write(_ value: VariableValue) -> String {
        var output = ""
        append(value, to: &output, level: 0)
        return output
    }

    private static func append(_ value: VariableValue, to output: inout String, level: Int) {
        switch value {
        case .string(let text): appendString(text, to: &output)
        case .int(let number): output += String(number)
        case .float(let number): output += float(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .list(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                output += index == 0 ? "\n" : ",\n"
                output += indent(level + 1)
                append(item, to: &output, level: level + 1)
            }
            output += "\n" + indent(level) + "]"
        case .dict(let entries):
            guard !entries.isEmpty else { output += "{}"; return }
            output += "{"
            for (index, key) in entries.keys.sorted().enumerated() {
                output += index == 0 ? "\n" : ",\n"
                output += indent(level + 1)
                appendString(key, to: &output)
                output += ": "
                append(entries[key] ?? .null, to: &output, level: level + 1)
            }
            output += "\n" + indent(level) + "}"
        }
    }

    private static func indent(_ level: Int) -> String { String(repeating: " ", count: level * 4) }

    /// Python's `repr(float)`: shortest round-trip digits, with `.0` on integral values and an
    /// exponent outside 1e-4 ..< 1e16.
    static func float(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(number)
        if number == number.rounded(), magnitude < 1e16 {
            return (number.sign == .minus ? "-" : "") + String(Int64(magnitude)) + ".0"
        }
        var text = number.description
        if magnitude >= 1e16 || (magnitude < 1e-4 && magnitude > 0), let e = text.firstIndex(of: "e") {
            // Swift writes 1e+16 and 1e-05 as Python does; only make sure of the sign.
            let exponent = text[text.index(after: e)...]
            if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { text.insert("+", at: text.index(after: e)) }
        }
        return text
    }

    private static func appendString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
