import OrderedCollections

/// Filters on lists and mappings: `first`, `unique`, `sort`, `flatten`, `combine`,
/// `dict2items`, set operations, … and the higher-order `map`, `select`, `selectattr`, ….
enum CollectionFilters {
    /// The result, or nil when `name` is not one of these filters.
    static func apply(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> VariableValue? {
        switch name {
        case "list":
            try arguments.accept(0)
            return .list(try value.iterated())
        case "first", "last":
            try arguments.accept(0)
            let items = try value.iterated()
            guard let item = name == "first" ? items.first : items.last else {
                throw TemplateError("No \(name) item, sequence was empty.")
            }
            return item
        case "reverse":
            try arguments.accept(0)
            if case .string(let text) = value { return .string(String(text.reversed())) }
            return .list(try value.iterated().reversed())
        case "join":
            try arguments.accept(2, ["d", "attribute"])
            var items = try value.iterated()
            if let attribute = try arguments.string(1, "attribute") { items = try items.map { item throws(TemplateError) in try self.attribute(attribute, of: item) } }
            return .string(items.map(\.pythonString).joined(separator: try arguments.optional(0, "d")?.pythonString ?? ""))
        case "unique":
            try arguments.accept(2, ["case_sensitive", "attribute"])
            return .list(unique(try value.iterated(), caseSensitive: try arguments.flag(0, "case_sensitive", default: false),
                                attribute: try arguments.string(1, "attribute")))
        case "sort":
            try arguments.accept(3, ["reverse", "case_sensitive", "attribute"])
            return .list(try sorted(try value.iterated(), reverse: try arguments.flag(0, "reverse", default: false),
                                    caseSensitive: try arguments.flag(1, "case_sensitive", default: false), attribute: try arguments.string(2, "attribute")))
        case "min", "max":
            try arguments.accept(2, ["case_sensitive", "attribute"])
            let items = try sorted(try value.iterated(), reverse: false, caseSensitive: try arguments.flag(0, "case_sensitive", default: false),
                                   attribute: try arguments.string(1, "attribute"))
            guard let item = name == "min" ? items.first : items.last else { throw TemplateError("No aggregated item, sequence was empty.") }
            return item
        case "sum":
            try arguments.accept(2, ["attribute", "start"])
            var total = try arguments.optional(1, "start") ?? .int(0)
            let attribute = try arguments.string(0, "attribute")
            for item in try value.iterated() {
                total = try PythonOperators.binary("+", total, attribute.map { name throws(TemplateError) in try self.attribute(name, of: item) } ?? item)
            }
            return total
        case "flatten":
            try arguments.accept(2, ["levels", "skip_nulls"])
            let levels = try arguments.optional(0, "levels")
            return .list(flatten(try value.iterated(), levels: levels == .null ? nil : levels?.integer, skipNulls: try arguments.flag(1, "skip_nulls", default: true)))
        case "combine":
            try arguments.accept(.max, ["recursive", "list_merge"])
            var terms = [value]
            for term in arguments.positional { terms.append(try arguments.resolve(term)) }
            return try combine(terms, recursive: try arguments.flag(.max, "recursive", default: false),
                               listMerge: try arguments.string(.max, "list_merge") ?? "replace")
        case "dict2items":
            try arguments.accept(2, ["key_name", "value_name"])
            guard case .dict(let entries) = value else { throw TemplateError("dict2items requires a dictionary, got \(value.pythonType) instead.") }
            let keyName = try arguments.string(0, "key_name") ?? "key", valueName = try arguments.string(1, "value_name") ?? "value"
            return .list(entries.map { .dict([keyName: .string($0.key), valueName: $0.value]) })
        case "items2dict":
            try arguments.accept(2, ["key_name", "value_name"])
            let keyName = try arguments.string(0, "key_name") ?? "key", valueName = try arguments.string(1, "value_name") ?? "value"
            var result: OrderedDictionary<String, VariableValue> = [:]
            for item in try value.iterated() {
                guard case .dict(let entries) = item, let key = entries[keyName], let itemValue = entries[valueName] else {
                    throw TemplateError("items2dict requires each item to be a mapping with '\(keyName)' and '\(valueName)'")
                }
                result[key.pythonString] = itemValue
            }
            return .dict(result)
        case "items", "dictsort":
            try arguments.accept(0)
            guard case .dict(let entries) = value else { throw TemplateError("\(name) filter requires a mapping, got \(value.pythonType)") }
            let pairs = entries.map { VariableValue.list([.string($0.key), $0.value]) }
            return .list(name == "items" ? pairs : pairs.sorted { $0.pythonString.lowercased() < $1.pythonString.lowercased() })
        case "union", "intersect", "difference", "symmetric_difference":
            try arguments.accept(1)
            return .list(setOperation(name, try value.iterated(), try arguments.required(0, "other").iterated()))
        case "zip":
            var lists = [try value.iterated()]
            for other in arguments.positional { lists.append(try arguments.resolve(other).iterated()) }
            let count = lists.map(\.count).min() ?? 0
            return .list((0..<count).map { index in .list(lists.map { $0[index] }) })
        default:
            return nil
        }
    }

    /// `item.attribute` for a dotted attribute name (`a.b`, `0` for a list index).
    static func attribute(_ path: String, of item: VariableValue) throws(TemplateError) -> VariableValue {
        guard let value = optionalAttribute(path, of: item) else {
            throw TemplateError("object of type '\(item.pythonType)' has no attribute '\(path)'")
        }
        return value
    }

    static func optionalAttribute(_ path: String, of item: VariableValue) -> VariableValue? {
        var current = item
        for part in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            switch current {
            case .dict(let entries):
                guard let next = entries[part] else { return nil }
                current = next
            case .list(let items):
                guard let index = Int(part), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Jinja's key for comparing: strings lower-cased unless case-sensitive.
    private static func key(_ item: VariableValue, caseSensitive: Bool, attribute: String?) throws(TemplateError) -> VariableValue {
        let value = try attribute.map { name throws(TemplateError) in try self.attribute(name, of: item) } ?? item
        if !caseSensitive, case .string(let text) = value { return .string(text.lowercased()) }
        return value
    }

    static func unique(_ items: [VariableValue], caseSensitive: Bool, attribute: String? = nil) -> [VariableValue] {
        var seen: [VariableValue] = []
        var result: [VariableValue] = []
        for item in items {
            let itemKey = (try? key(item, caseSensitive: caseSensitive, attribute: attribute)) ?? item
            if !seen.contains(where: { $0.pythonEquals(itemKey) }) {
                seen.append(itemKey)
                result.append(item)
            }
        }
        return result
    }

    static func sorted(_ items: [VariableValue], reverse: Bool, caseSensitive: Bool, attribute: String?) throws(TemplateError) -> [VariableValue] {
        var keyed: [(key: VariableValue, item: VariableValue)] = []
        for item in items { keyed.append((try key(item, caseSensitive: caseSensitive, attribute: attribute), item)) }
        // A stable merge sort with Python's comparison, which can fail (mixed types).
        func merge(_ slice: ArraySlice<(key: VariableValue, item: VariableValue)>) throws(TemplateError) -> [(key: VariableValue, item: VariableValue)] {
            guard slice.count > 1 else { return Array(slice) }
            let middle = slice.startIndex + slice.count / 2
            let left = try merge(slice[..<middle]), right = try merge(slice[middle...])
            var result: [(key: VariableValue, item: VariableValue)] = []
            var i = 0, j = 0
            while i < left.count, j < right.count {
                let takeRight = reverse ? try right[j].key.pythonCompare(left[i].key, ">") : try right[j].key.pythonCompare(left[i].key, "<")
                if takeRight { result.append(right[j]); j += 1 } else { result.append(left[i]); i += 1 }
            }
            return result + left[i...] + right[j...]
        }
        return try merge(keyed[...]).map(\.item)
    }

    static func flatten(_ items: [VariableValue], levels: Int?, skipNulls: Bool) -> [VariableValue] {
        var result: [VariableValue] = []
        for item in items {
            if skipNulls, item == .null || item == .string("None") || item == .string("null") { continue }
            if case .list(let inner) = item, levels.map({ $0 >= 1 }) ?? true {
                result += flatten(inner, levels: levels.map { $0 - 1 }, skipNulls: skipNulls)
            } else {
                result.append(item)
            }
        }
        return result
    }

    /// ansible-core's `combine`: later mappings win; `recursive` merges nested mappings;
    /// `list_merge` says what happens to two lists under the same key.
    static func combine(_ terms: [VariableValue], recursive: Bool, listMerge: String) throws(TemplateError) -> VariableValue {
        let dictionaries = flatten(terms, levels: 1, skipNulls: false)
        guard var result = dictionaries.first else { return .dict([:]) }
        for next in dictionaries.dropFirst() { result = try merge(result, next, recursive: recursive, listMerge: listMerge) }
        return result
    }

    private static func merge(_ low: VariableValue, _ high: VariableValue, recursive: Bool, listMerge: String) throws(TemplateError) -> VariableValue {
        guard case .dict(var result) = low, case .dict(let other) = high else {
            throw TemplateError("failed to combine variables, expected dicts but got '\(low.pythonType)' and '\(high.pythonType)'")
        }
        guard ["replace", "keep", "append", "prepend", "append_rp", "prepend_rp"].contains(listMerge) else {
            throw TemplateError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'")
        }
        for (key, value) in other {
            switch (result[key], value) {
            case (.dict?, .dict) where recursive:
                result[key] = try merge(result[key]!, value, recursive: true, listMerge: listMerge)
            case (.list(let old)?, .list(let new)):
                switch listMerge {
                case "keep": break
                case "append": result[key] = .list(old + new)
                case "prepend": result[key] = .list(new + old)
                case "append_rp": result[key] = .list(old.filter { item in !new.contains { $0.pythonEquals(item) } } + new)
                case "prepend_rp": result[key] = .list(new + old.filter { item in !new.contains { $0.pythonEquals(item) } })
                default: result[key] = value
                }
            default:
                result[key] = value
            }
        }
        return .dict(result)
    }

    /// Set operations keep the order of first appearance (Python's sets give hash order; see
    /// Docs/variables.md).
    static func setOperation(_ name: String, _ a: [VariableValue], _ b: [VariableValue]) -> [VariableValue] {
        let inB = { (item: VariableValue) in b.contains { $0.pythonEquals(item) } }
        let inA = { (item: VariableValue) in a.contains { $0.pythonEquals(item) } }
        return switch name {
        case "union": unique(a + b, caseSensitive: true)
        case "intersect": unique(a.filter(inB), caseSensitive: true)
        case "difference": unique(a.filter { !inB($0) }, caseSensitive: true)
        default: unique(a.filter { !inB($0) } + b.filter { !inA($0) }, caseSensitive: true)
        }
    }

    /// `map`, `select`, `reject`, `selectattr` and `rejectattr`.
    static func higherOrder(_ name: String, _ value: VariableValue, arguments: CallArguments, evaluator: TemplateEvaluator) throws(TemplateError) -> VariableValue {
        let items = try value.iterated()
        var rest = arguments
        if name == "map" {
            if let attribute = arguments.named["attribute"] {
                let path = try arguments.resolve(attribute).pythonString
                let fallback = try arguments.optional(.max, "default")
                return .list(try items.map { item throws(TemplateError) in
                    if let found = optionalAttribute(path, of: item) { return found }
                    if let fallback { return fallback }
                    throw TemplateError("object of type '\(item.pythonType)' has no attribute '\(path)'")
                })
            }
            let filter = try arguments.requiredString(0, "filter")
            rest.positional = Array(arguments.positional.dropFirst())
            return .list(try items.map { item throws(TemplateError) in
                try evaluator.concrete(TemplateFilters.apply(filter, to: .value(item), arguments: rest, evaluator: evaluator))
            })
        }
        let byAttribute = name.hasSuffix("attr")
        let attribute = byAttribute ? try arguments.requiredString(0, "attribute") : nil
        let testIndex = byAttribute ? 1 : 0
        let test = try arguments.string(testIndex, "test")
        rest.positional = Array(arguments.positional.dropFirst(testIndex + 1))
        let keep = name.hasPrefix("select")
        var kept: [VariableValue] = []
        for item in items {
            let subject: TemplateValue = attribute.map { path in
                optionalAttribute(path, of: item).map(TemplateValue.value) ?? .undefined("object of type '\(item.pythonType)' has no attribute '\(path)'")
            } ?? .value(item)
            let passes = if let test {
                try TemplateTests.apply(test, to: subject, arguments: rest, evaluator: evaluator)
            } else {
                try evaluator.truth(subject)
            }
            if passes == keep { kept.append(item) }
        }
        return .list(kept)
    }
}
