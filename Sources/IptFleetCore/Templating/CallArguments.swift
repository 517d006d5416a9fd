/// The evaluated arguments of a filter, test, lookup or method call.
struct CallArguments {
    var positional: [TemplateValue]
    var named: [String: TemplateValue]
    /// Evaluated plain values of `positional`/`named` (undefined is an error).
    let resolve: (TemplateValue) throws(TemplateError) -> VariableValue
    /// What is being called, for messages.
    let callee: String

    /// Argument `index` (counting after the filtered value) or the keyword `name`, if given.
    func optional(_ index: Int, _ name: String) throws(TemplateError) -> VariableValue? {
        if let value = named[name] { return try resolve(value) }
        return index < positional.count ? try resolve(positional[index]) : nil
    }

    func required(_ index: Int, _ name: String) throws(TemplateError) -> VariableValue {
        guard let value = try optional(index, name) else { throw TemplateError("\(callee): missing argument '\(name)'") }
        return value
    }

    func string(_ index: Int, _ name: String) throws(TemplateError) -> String? {
        guard let value = try optional(index, name) else { return nil }
        guard case .string(let text) = value else { throw TemplateError("\(callee): '\(name)' must be a string, got \(value.pythonType)") }
        return text
    }

    func requiredString(_ index: Int, _ name: String) throws(TemplateError) -> String {
        guard let text = try string(index, name) else { throw TemplateError("\(callee): missing argument '\(name)'") }
        return text
    }

    func flag(_ index: Int, _ name: String, default fallback: Bool) throws(TemplateError) -> Bool {
        try optional(index, name)?.isTruthy ?? fallback
    }

    func int(_ index: Int, _ name: String) throws(TemplateError) -> Int? {
        guard let value = try optional(index, name) else { return nil }
        guard let number = value.integer else { throw TemplateError("\(callee): '\(name)' must be an integer, got \(value.pythonType)") }
        return number
    }

    /// Refuses more positional arguments than `count` and keywords outside `names`.
    func accept(_ count: Int, _ names: Set<String> = []) throws(TemplateError) {
        if positional.count > count { throw TemplateError("\(callee) takes at most \(count) argument\(count == 1 ? "" : "s") (\(positional.count) given)") }
        if let unknown = named.keys.sorted().first(where: { !names.contains($0) }) {
            throw TemplateError("\(callee) got an unexpected keyword argument '\(unknown)'")
        }
    }
}
