/// ansible-core's `yaml.dump(value, Dumper=AnsibleDumper, allow_unicode=True)` for the common shapes: keys sorted, block
/// style with collections of scalars in flow style (`to_yaml`), or block style throughout
/// (`to_nice_yaml`). PyYAML's folding of lines longer than 80 characters is not reproduced.
enum PythonYAML {
    enum FlowStyle {
        /// `default_flow_style=None`: a collection holding only scalars is written inline.
        case leaves
        case flow
        case block
    }

    static func dump(_ value: VariableValue, indent: Int, flowStyle: FlowStyle) -> String {
        // Ansible's dumper writes no document end marker (`...`) after a plain scalar.
        if isScalar(value) { return scalar(value, flow: false) + "\n" }
        if inline(value, flowStyle) { return flow(value) + "\n" }
        return block(value, column: 0, indent: indent, flowStyle: flowStyle).joined(separator: "\n") + "\n"
    }

    private static func isScalar(_ value: VariableValue) -> Bool {
        switch value {
        case .list, .dict: false
        default: true
        }
    }

    private static func inline(_ value: VariableValue, _ style: FlowStyle) -> Bool {
        switch value {
        case .list(let items): style == .flow || items.isEmpty || (style == .leaves && items.allSatisfy(isScalar))
        case .dict(let entries): style == .flow || entries.isEmpty || (style == .leaves && entries.values.allSatisfy(isScalar))
        default: true
        }
    }

    private static func sortedPairs(_ value: VariableValue) -> [(key: String, value: VariableValue)] {
        guard case .dict(let entries) = value else { return [] }
        return entries.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }

    /// Lines of a block collection whose first line starts at `column` (the caller places it).
    private static func block(_ value: VariableValue, column: Int, indent: Int, flowStyle: FlowStyle) -> [String] {
        let pad = String(repeating: " ", count: column)
        var lines: [String] = []
        switch value {
        case .dict:
            for (key, item) in sortedPairs(value) {
                let label = scalar(.string(key), flow: false) + ":"
                if inline(item, flowStyle) {
                    lines.append(pad + label + " " + (isScalar(item) ? scalar(item, flow: false) : flow(item)))
                } else if case .list = item {
                    lines.append(pad + label)
                    lines += block(item, column: column, indent: indent, flowStyle: flowStyle)
                } else {
                    lines.append(pad + label)
                    lines += block(item, column: column + indent, indent: indent, flowStyle: flowStyle)
                }
            }
        case .list(let items):
            for item in items {
                if inline(item, flowStyle) {
                    lines.append(pad + "- " + (isScalar(item) ? scalar(item, flow: false) : flow(item)))
                } else {
                    let inner = block(item, column: column + max(indent, 2), indent: indent, flowStyle: flowStyle)
                    let dash = pad + "-" + String(repeating: " ", count: max(indent, 2) - 1)
                    lines.append(dash + inner[0].dropFirst(column + max(indent, 2)))
                    lines += inner.dropFirst()
                }
            }
        default:
            lines.append(pad + scalar(value, flow: false))
        }
        return lines
    }

    private static func flow(_ value: VariableValue) -> String {
        switch value {
        case .list(let items): "[" + items.map { isScalar($0) ? scalar($0, flow: true) : flow($0) }.joined(separator: ", ") + "]"
        case .dict: "{" + sortedPairs(value).map { scalar(.string($0.key), flow: true) + ": " + (isScalar($0.value) ? scalar($0.value, flow: true) : flow($0.value)) }.joined(separator: ", ") + "}"
        default: scalar(value, flow: true)
        }
    }

    static let reservedWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        "null", "Null", "NULL", "~", "=",
    ]

    private static func scalar(_ value: VariableValue, flow: Bool) -> String {
        switch value {
        case .string(let text): return plainAllowed(text, flow: flow) ? text : "'" + text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: "\n\n") + "'"
        case .int(let number): return String(number)
        case .float(let number):
            if number.isNaN { return ".nan" }
            if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
            return PythonJSON.float(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        default: return ""
        }
    }

    /// Whether PyYAML writes `text` unquoted.
    private static func plainAllowed(_ text: String, flow: Bool) -> Bool {
        guard let first = text.first, let last = text.last, !first.isWhitespace, !last.isWhitespace else { return false }
        if reservedWords.contains(text) || YAMLScalarTyping.typedValue(ofPlain: text) != .string(text) { return false }
        if "#,[]{}&*!|>'\"%@`".contains(first) { return false }
        if "-?:".contains(first), text.count == 1 || text.dropFirst().first?.isWhitespace == true { return false }
        if text.contains(": ") || text.contains(" #") || last == ":" { return false }
        if flow, text.contains(where: { ",[]{}".contains($0) }) { return false }
        return text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}
