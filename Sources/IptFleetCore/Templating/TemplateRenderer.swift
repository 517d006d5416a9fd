/// Templates a variable's value as Ansible does: every string holding `{{`, `{%` or `{#`, at
/// any depth of lists and mappings, is rendered; other values stay as they are.
enum TemplateRenderer {
    static func render(_ value: VariableValue, with evaluator: TemplateEvaluator) throws(TemplateError) -> VariableValue {
        switch value {
        case .string(let text) where TemplateParser.isTemplate(text):
            return try render(text, with: evaluator)
        case .list(let items):
            var result: [VariableValue] = []
            for item in items { result.append(try render(item, with: evaluator)) }
            return .list(result)
        case .dict(var entries):
            for (key, item) in entries { entries[key] = try render(item, with: evaluator) }
            return .dict(entries)
        default:
            return value
        }
    }

    /// One template string. Jinja drops a single trailing newline; Ansible then puts back the
    /// newlines a string result lost at its end.
    static func render(_ text: String, with evaluator: TemplateEvaluator) throws(TemplateError) -> VariableValue {
        var source = text
        if source.hasSuffix("\n") { source.removeLast() }
        let result = try evaluator.render(TemplateParser.parse(source))
        guard case .string(let rendered) = result else { return result }
        let missing = trailingNewlines(text) - trailingNewlines(rendered)
        return missing > 0 ? .string(rendered + String(repeating: "\n", count: missing)) : result
    }

    private static func trailingNewlines(_ text: String) -> Int {
        text.reversed().prefix { $0 == "\n" || $0 == "\r\n" }.count
    }
}
