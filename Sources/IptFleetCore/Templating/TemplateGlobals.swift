/// The functions a template may call by name: `lookup`, `query`/`q` and `range`.
enum TemplateGlobals {
    static func call(_ name: String, arguments: CallArguments, scope: any TemplateScope) throws(TemplateError) -> VariableValue {
        switch name {
        case "range": return try range(arguments)
        default: return try lookup(name, arguments: arguments, scope: scope)
        }
    }

    /// `lookup(plugin, terms…)` munges the plugin's list as Ansible 2.19 does (one item: that
    /// item; several strings: joined with commas); `query`/`q`, or `wantlist=True`, keep the list.
    private static func lookup(_ function: String, arguments: CallArguments, scope: any TemplateScope) throws(TemplateError) -> VariableValue {
        guard let first = arguments.positional.first, case .string(let qualified) = try arguments.resolve(first) else {
            throw TemplateError("\(function)() needs the name of a lookup plugin as its first argument")
        }
        let plugin = TemplatePluginName.short(qualified)
        var terms: [VariableValue] = []
        for term in arguments.positional.dropFirst() { terms.append(try arguments.resolve(term)) }
        var options: [String: VariableValue] = [:]
        for (key, value) in arguments.named { options[key] = try arguments.resolve(value) }
        let wantlist = function != "lookup" || (options.removeValue(forKey: "wantlist")?.isTruthy ?? false)
        let errors = options.removeValue(forKey: "errors")?.pythonString ?? "strict"
        let result: [VariableValue]
        do {
            result = try scope.lookup(plugin, terms: terms, options: options)
        } catch {
            guard errors == "ignore" || errors == "warn", !error.message.contains("not supported") else { throw error }
            return wantlist ? .list([]) : .null
        }
        if wantlist { return .list(result) }
        if result.isEmpty { return .list([]) }
        if result.count == 1 { return result[0] }
        if result.allSatisfy({ if case .string = $0 { true } else { false } }) {
            return .string(result.map(\.pythonString).joined(separator: ","))
        }
        return .list(result)
    }

    private static func range(_ arguments: CallArguments) throws(TemplateError) -> VariableValue {
        try arguments.accept(3)
        var bounds: [Int] = []
        for index in arguments.positional.indices {
            guard let number = try arguments.int(index, "argument \(index + 1)") else { continue }
            bounds.append(number)
        }
        let (start, stop, step) = switch bounds.count {
        case 1: (0, bounds[0], 1)
        case 2: (bounds[0], bounds[1], 1)
        case 3: (bounds[0], bounds[1], bounds[2])
        default: (0, 0, 1)
        }
        guard bounds.count > 0 else { throw TemplateError("range expected at least 1 argument, got 0") }
        guard step != 0 else { throw TemplateError("range() arg 3 must not be zero") }
        let values = Array(stride(from: start, to: stop, by: step).prefix(TemplateLimits.maximumItems + 1))
        guard values.count <= TemplateLimits.maximumItems else { throw TemplateLimits.tooMany("range()") }
        return .list(values.map(VariableValue.int))
    }
}

/// Filter, test and lookup names may be qualified: `ansible.builtin.default` is `default`.
enum TemplatePluginName {
    static func short(_ name: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}

/// Bounds on what one template may build, so that a short expression cannot take all memory
/// or time.
enum TemplateLimits {
    static let maximumItems = 1_000_000

    static func tooMany(_ what: String) -> TemplateError {
        TemplateError("\(what) would make more than \(maximumItems) items; iptfleet refuses")
    }
}

/// The work left for rendering one variable (and those it uses): loop iterations and items
/// built, at most `TemplateLimits.maximumItems` in all.
final class TemplateBudget {
    private var remaining = TemplateLimits.maximumItems

    func spend(_ count: Int, on what: String) throws(TemplateError) {
        remaining -= count
        if remaining < 0 { throw TemplateLimits.tooMany(what) }
    }
}
