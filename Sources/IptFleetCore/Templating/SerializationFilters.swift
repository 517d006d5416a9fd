/// `to_json`, `to_nice_json`, `from_json`, `to_yaml`, `to_nice_yaml` and `from_yaml`, writing
/// what Python's `json.dumps` and PyYAML's `yaml.dump` write for the same values.
enum SerializationFilters {
    static func apply(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> VariableValue? {
        switch name {
        case "to_json":
            try arguments.accept(0, ["indent", "sort_keys", "ensure_ascii", "separators"])
            let indent = try arguments.int(.max, "indent")
            return .string(PythonJSON.dumps(value, indent: indent, sortKeys: try arguments.flag(.max, "sort_keys", default: false),
                                            ensureASCII: try arguments.flag(.max, "ensure_ascii", default: true),
                                            itemSeparator: indent == nil ? ", " : ","))
        case "to_nice_json":
            try arguments.accept(1, ["indent", "sort_keys", "ensure_ascii"])
            return .string(PythonJSON.dumps(value, indent: try arguments.int(0, "indent") ?? 4, sortKeys: try arguments.flag(.max, "sort_keys", default: true),
                                            ensureASCII: try arguments.flag(.max, "ensure_ascii", default: true), itemSeparator: ","))
        case "from_json", "from_yaml":
            try arguments.accept(0)
            guard case .string(let text) = value else { throw TemplateError("\(name): expected a string, got \(value.pythonType)") }
            return try parse(text, json: name == "from_json")
        case "to_yaml", "to_nice_yaml":
            try arguments.accept(name == "to_nice_yaml" ? 1 : 0, ["indent", "default_flow_style"])
            let nice = name == "to_nice_yaml"
            let flow = try arguments.optional(.max, "default_flow_style")
            return .string(PythonYAML.dump(value, indent: try arguments.int(0, "indent") ?? (nice ? 4 : 2),
                                           flowStyle: flow == nil ? (nice ? .block : .leaves) : (flow == .null ? .leaves : (flow!.isTruthy ? .flow : .block))))
        default:
            return nil
        }
    }

    private static func parse(_ text: String, json: Bool) throws(TemplateError) -> VariableValue {
        do {
            let (root, converter) = try VarsFileLoader.compose(text, path: json ? "from_json" : "from_yaml")
            guard let root else {
                if json { throw TemplateError("from_json: Expecting value: line 1 column 1 (char 0)") }
                return .null
            }
            if json, !converter.json { throw TemplateError("from_json: the text is not JSON") }
            return try converter.value(of: root)
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError("\(json ? "from_json" : "from_yaml"): \(error)")
        }
    }
}

/// Python's `json.dumps`.
enum PythonJSON {
    static func dumps(_ value: VariableValue, indent: Int?, sortKeys: Bool, ensureASCII: Bool, itemSeparator: String) -> String {
        var output = ""
        write(value, level: 0, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, itemSeparator: itemSeparator, into: &output)
        return output
    }

    private static func write(_ value: VariableValue, level: Int, indent: Int?, sortKeys: Bool, ensureASCII: Bool, itemSeparator: String, into output: inout String) {
        let newline = { (level: Int) -> String in indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? "" }
        switch value {
        case .string(let text): output += string(text, ensureASCII: ensureASCII)
        case .int(let number): output += String(number)
        case .float(let number): output += AnsibleJSON.float(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .vault(let text): output += string(text.envelope, ensureASCII: ensureASCII)
        case .list(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += itemSeparator }
                output += newline(level + 1)
                write(item, level: level + 1, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, itemSeparator: itemSeparator, into: &output)
            }
            output += newline(level) + "]"
        case .dict(let entries):
            guard !entries.isEmpty else { output += "{}"; return }
            output += "{"
            let pairs = sortKeys ? entries.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } : Array(entries.elements)
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output += itemSeparator }
                output += newline(level + 1) + string(pair.key, ensureASCII: ensureASCII) + ": "
                write(pair.value, level: level + 1, indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII, itemSeparator: itemSeparator, into: &output)
            }
            output += newline(level) + "}"
        }
    }

    static func string(_ text: String, ensureASCII: Bool) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20 || (ensureASCII && scalar.value > 0x7E):
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
