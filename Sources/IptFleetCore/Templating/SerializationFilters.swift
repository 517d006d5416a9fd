/// `to_json`, `to_nice_json`, `from_json`, `to_yaml`, `to_nice_yaml` and `from_yaml`, writing
/// what Python's `json.dumps` and PyYAML's `yaml.dump` write for the same values.
enum SerializationFilters {
    static func apply(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> VariableValue? {
        switch name {
        case "to_json":
            try arguments.accept(0, ["indent", "sort_keys", "ensure_ascii", "separators"])
            let indent = try arguments.int(.max, "indent")
            return .string(PythonJSON(indent: indent, sortKeys: try arguments.flag(.max, "sort_keys", default: false),
                                      ensureASCII: try arguments.flag(.max, "ensure_ascii", default: true),
                                      itemSeparator: indent == nil ? ", " : ",").dumps(value))
        case "to_nice_json":
            try arguments.accept(1, ["indent", "sort_keys", "ensure_ascii"])
            return .string(PythonJSON(indent: try arguments.int(0, "indent") ?? 4, sortKeys: try arguments.flag(.max, "sort_keys", default: true),
                                      ensureASCII: try arguments.flag(.max, "ensure_ascii", default: true), itemSeparator: ",").dumps(value))
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
