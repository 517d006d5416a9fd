import OrderedCollections

/// Evaluates expressions and renders template nodes against a `TemplateScope`, with Python's
/// semantics for operators and Ansible 2.19's for results: a template of one `{{ … }}` gives
/// that value with its type; text mixed with values gives a string.
struct TemplateEvaluator {
    let scope: any TemplateScope
    let budget: TemplateBudget
    /// Loop variables of `{% for %}` (and `loop`).
    var locals: [String: VariableValue] = [:]

    init(scope: any TemplateScope, budget: TemplateBudget = TemplateBudget()) {
        self.scope = scope
        self.budget = budget
    }

    /// The result of a parsed template, as Ansible's concatenation gives it: nothing is None,
    /// one part is that part's value, several are joined as text (None parts dropped).
    func render(_ nodes: [TemplateNode]) throws(TemplateError) -> VariableValue {
        var parts: [VariableValue] = []
        try render(nodes, into: &parts)
        parts.removeAll { $0 == .null }
        if parts.isEmpty { return .null }
        if parts.count == 1 { return parts[0] }
        return .string(parts.map(\.pythonString).joined())
    }

    private func render(_ nodes: [TemplateNode], into parts: inout [VariableValue]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                parts.append(.string(text))
            case .output(let expression):
                parts.append(try concrete(evaluate(expression)))
            case .conditional(let branches, let otherwise):
                var chosen = otherwise
                for branch in branches where try truth(evaluate(branch.condition)) {
                    chosen = branch.body
                    break
                }
                try render(chosen, into: &parts)
            case .loop(let targets, let iterable, let body, let otherwise):
                let items = try concrete(evaluate(iterable)).iterated()
                try budget.spend(items.count, on: "{% for %}")
                if items.isEmpty { try render(otherwise, into: &parts) }
                for (index, item) in items.enumerated() {
                    var inner = self
                    try inner.bind(targets, to: item)
                    inner.locals["loop"] = .dict([
                        "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0),
                        "last": .bool(index == items.count - 1), "length": .int(items.count),
                        "revindex": .int(items.count - index), "revindex0": .int(items.count - index - 1),
                    ])
                    try inner.render(body, into: &parts)
                }
            }
        }
    }

    private mutating func bind(_ targets: [String], to item: VariableValue) throws(TemplateError) {
        guard targets.count > 1 else {
            locals[targets[0]] = item
            return
        }
        let values = try item.iterated()
        guard values.count == targets.count else {
            throw TemplateError("cannot unpack \(values.count) values into \(targets.count) loop variables")
        }
        for (name, value) in zip(targets, values) { locals[name] = value }
    }

    /// A plain value; using an undefined one is an error.
    func concrete(_ value: TemplateValue) throws(TemplateError) -> VariableValue {
        switch value {
        case .value(let value): return value
        case .undefined(let message): throw TemplateError(message, variable: nil, origin: nil, isUndefined: true)
        case .hostvars:
            var all: OrderedDictionary<String, VariableValue> = [:]
            for host in scope.hostNames { all[host] = try concrete(.host(host)) }
            return .dict(all)
        case .host(let host):
            var all: OrderedDictionary<String, VariableValue> = [:]
            for name in scope.variableNames(ofHost: host) { all[name] = try scope.variable(name, ofHost: host) }
            return .dict(all)
        case .function(let name): throw TemplateError("'\(name)' is a function; call it with ()")
        case .method(let base, let name): throw TemplateError("'\(base.pythonType)' method '\(name)' must be called with ()")
        }
    }

    func truth(_ value: TemplateValue) throws(TemplateError) -> Bool {
        try concrete(value).isTruthy
    }

    func evaluate(_ expression: TemplateExpression) throws(TemplateError) -> TemplateValue {
        switch expression {
        case .literal(let value):
            return .value(value)
        case .name(let name):
            return try lookup(name)
        case .list(let items):
            try budget.spend(items.count, on: "a list")
            var values: [VariableValue] = []
            for item in items { values.append(try concrete(evaluate(item))) }
            return .value(.list(values))
        case .dict(let pairs):
            var entries: OrderedDictionary<String, VariableValue> = [:]
            for pair in pairs {
                let key = try concrete(evaluate(pair.key))
                guard Self.isKey(key) else { throw TemplateError("unhashable type: '\(key.pythonType)'") }
                entries[key.pythonString] = try concrete(evaluate(pair.value))
            }
            return .value(.dict(entries))
        case .attribute(let base, let name):
            return try attribute(evaluate(base), name)
        case .item(let base, let key):
            return try item(evaluate(base), concrete(evaluate(key)))
        case .slice(let base, let start, let stop, let step):
            let value = try concrete(evaluate(base))
            return .value(try Self.slice(value, start: start.map { e throws(TemplateError) in try concrete(evaluate(e)) },
                                         stop: stop.map { e throws(TemplateError) in try concrete(evaluate(e)) },
                                         step: step.map { e throws(TemplateError) in try concrete(evaluate(e)) }))
        case .unary(let symbol, let operand):
            let value = try concrete(evaluate(operand))
            return .value(try PythonOperators.unary(symbol, value))
        case .binary("and", let left, let right):
            let value = try concrete(evaluate(left))
            return value.isTruthy ? try evaluate(right) : .value(value)
        case .binary("or", let left, let right):
            let value = try concrete(evaluate(left))
            return value.isTruthy ? .value(value) : try evaluate(right)
        case .binary(let symbol, let left, let right):
            let leftValue = try evaluate(left)
            if symbol == "in" || symbol == "not in", case .hostvars = try evaluate(right) {
                let found = scope.hasHost(try concrete(leftValue).pythonString)
                return .value(.bool(found == (symbol == "in")))
            }
            return .value(try PythonOperators.binary(symbol, concrete(leftValue), concrete(evaluate(right))))
        case .conditional(let value, let condition, let otherwise):
            if try truth(evaluate(condition)) { return try evaluate(value) }
            guard let otherwise else {
                return .undefined("the inline if-expression evaluated to false and no else section was defined")
            }
            return try evaluate(otherwise)
        case .filter(let base, let name, let arguments):
            return try TemplateFilters.apply(name, to: evaluate(base), arguments: callArguments(arguments, callee: "filter '\(name)'"), evaluator: self)
        case .test(let base, let name, let arguments, let negated):
            let result = try TemplateTests.apply(name, to: evaluate(base), arguments: callArguments(arguments, callee: "test '\(name)'"), evaluator: self)
            return .value(.bool(result != negated))
        case .call(let callee, let arguments):
            return try call(evaluate(callee), arguments: arguments)
        }
    }

    static func isKey(_ value: VariableValue) -> Bool {
        switch value {
        case .list, .dict: false
        default: true
        }
    }

    private func lookup(_ name: String) throws(TemplateError) -> TemplateValue {
        if let local = locals[name] { return .value(local) }
        switch name {
        case "hostvars": return .hostvars
        case "lookup", "query", "q", "range": return .function(name)
        default: break
        }
        do throws(TemplateError) {
            guard let value = try scope.variable(name) else { return .undefined("'\(name)' is undefined") }
            return .value(value)
        } catch where error.isUndefined {
            return .undefined(error.description)
        }
    }

    func callArguments(_ arguments: [TemplateExpression.Argument], callee: String) throws(TemplateError) -> CallArguments {
        var positional: [TemplateValue] = []
        var named: [String: TemplateValue] = [:]
        for argument in arguments {
            let value = try evaluate(argument.value)
            if let name = argument.name { named[name] = value } else { positional.append(value) }
        }
        let evaluator = self
        return CallArguments(positional: positional, named: named, resolve: { value throws(TemplateError) in try evaluator.concrete(value) }, callee: callee)
    }

    /// `base.name`: a method of the value first, then an item (as Jinja's `getattr`).
    func attribute(_ base: TemplateValue, _ name: String) throws(TemplateError) -> TemplateValue {
        switch base {
        case .undefined:
            return base
        case .hostvars:
            return scope.hasHost(name) ? .host(name) : .undefined("hostvars has no host '\(name)'")
        case .host(let host):
            do throws(TemplateError) {
                guard let value = try scope.variable(name, ofHost: host) else { return .undefined("'\(name)' is undefined for host '\(host)'") }
                return .value(value)
            } catch where error.isUndefined {
                return .undefined(error.description)
            }
        case .value(let value):
            if TemplateMethods.has(name, on: value) { return .method(value, name) }
            if case .dict(let entries) = value, let found = entries[name] { return .value(found) }
            return .undefined("object of type '\(value.pythonType)' has no attribute '\(name)'")
        case .function, .method:
            return .undefined("a function has no attribute '\(name)'")
        }
    }

    /// `base[key]`: an item first, then an attribute (as Jinja's `getitem`).
    func item(_ base: TemplateValue, _ key: VariableValue) throws(TemplateError) -> TemplateValue {
        switch base {
        case .hostvars, .host:
            return try attribute(base, key.pythonString)
        case .value(.dict(let entries)):
            guard Self.isKey(key) else { throw TemplateError("unhashable type: '\(key.pythonType)'") }
            if let found = entries[key.pythonString] { return .value(found) }
            if case .string(let name) = key { return try attribute(base, name) }
            return .undefined("object of type 'dict' has no attribute '\(key.pythonString)'")
        case .value(.list(let items)):
            guard let index = key.integer else {
                if case .string(let name) = key { return try attribute(base, name) }
                throw TemplateError("list indices must be integers or slices, not \(key.pythonType)")
            }
            let position = index < 0 ? items.count + index : index
            guard items.indices.contains(position) else { return .undefined("list object has no element \(index)") }
            return .value(items[position])
        case .value(.string(let text)):
            guard let index = key.integer else {
                if case .string(let name) = key { return try attribute(base, name) }
                throw TemplateError("string indices must be integers, not '\(key.pythonType)'")
            }
            let characters = Array(text)
            let position = index < 0 ? characters.count + index : index
            guard characters.indices.contains(position) else { return .undefined("str object has no element \(index)") }
            return .value(.string(String(characters[position])))
        case .value(let value):
            if case .string(let name) = key { return try attribute(base, name) }
            return .undefined("object of type '\(value.pythonType)' has no element \(key.pythonRepr)")
        default:
            return base
        }
    }

    static func slice(_ value: VariableValue, start: VariableValue?, stop: VariableValue?, step: VariableValue?) throws(TemplateError) -> VariableValue {
        func bound(_ value: VariableValue?) throws(TemplateError) -> Int? {
            guard let value, value != .null else { return nil }
            guard let number = value.integer else { throw TemplateError("slice indices must be integers or None") }
            return number
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw TemplateError("slice step cannot be zero") }
        func indices(count: Int) throws(TemplateError) -> [Int] {
            func clamp(_ index: Int?, _ fallback: Int) -> Int {
                guard let index else { return fallback }
                let adjusted = index < 0 ? index + count : index
                return stepValue > 0 ? min(max(adjusted, 0), count) : min(max(adjusted, -1), count - 1)
            }
            let from = clamp(try bound(start), stepValue > 0 ? 0 : count - 1)
            let to = clamp(try bound(stop), stepValue > 0 ? count : -1)
            return Array(stride(from: from, to: to, by: stepValue))
        }
        switch value {
        case .list(let items): return .list(try indices(count: items.count).map { items[$0] })
        case .string(let text):
            let characters = Array(text)
            return .string(String(try indices(count: characters.count).map { characters[$0] }))
        default: throw TemplateError("'\(value.pythonType)' object is not subscriptable")
        }
    }

    private func call(_ callee: TemplateValue, arguments: [TemplateExpression.Argument]) throws(TemplateError) -> TemplateValue {
        switch callee {
        case .function(let name):
            let values = try callArguments(arguments, callee: name)
            return .value(try TemplateGlobals.call(name, arguments: values, scope: scope))
        case .method(let base, let name):
            return .value(try TemplateMethods.call(name, on: base, arguments: callArguments(arguments, callee: "\(base.pythonType).\(name)()")))
        case .undefined(let message):
            throw TemplateError(message)
        case .value(let value):
            throw TemplateError("'\(value.pythonType)' object is not callable")
        case .hostvars, .host:
            throw TemplateError("hostvars is not callable")
        }
    }
}
