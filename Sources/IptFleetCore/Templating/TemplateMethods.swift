import OrderedCollections

/// The Python methods templates call on values: `text.split(',')`, `text.startswith('a')`,
/// `mapping.items()`, `mapping.get('k', 1)`, … (the ones inventories use).
enum TemplateMethods {
    static let stringMethods: Set<String> = [
        "split", "rsplit", "splitlines", "lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace",
        "join", "capitalize", "title", "find", "count", "isdigit", "isalpha", "isalnum", "zfill",
    ]
    static let dictMethods: Set<String> = ["keys", "values", "items", "get"]
    static let listMethods: Set<String> = ["index", "count"]

    static func has(_ name: String, on value: VariableValue) -> Bool {
        switch value {
        case .string: stringMethods.contains(name)
        case .dict: dictMethods.contains(name)
        case .list: listMethods.contains(name)
        default: false
        }
    }

    static func call(_ name: String, on value: VariableValue, arguments: CallArguments) throws(TemplateError) -> VariableValue {
        switch value {
        case .string(let text): return try string(name, text, arguments)
        case .dict(let entries): return try dict(name, entries, arguments)
        case .list(let items):
            try arguments.accept(1)
            let needle = try arguments.required(0, "value")
            if name == "count" { return .int(items.filter { $0.pythonEquals(needle) }.count) }
            guard let index = items.firstIndex(where: { $0.pythonEquals(needle) }) else { throw TemplateError("\(needle.pythonRepr) is not in list") }
            return .int(index)
        default: throw TemplateError("'\(value.pythonType)' object has no attribute '\(name)'")
        }
    }

    private static func dict(_ name: String, _ entries: OrderedDictionary<String, VariableValue>, _ arguments: CallArguments) throws(TemplateError) -> VariableValue {
        switch name {
        case "keys": try arguments.accept(0); return .list(entries.keys.map(VariableValue.string))
        case "values": try arguments.accept(0); return .list(Array(entries.values))
        case "items": try arguments.accept(0); return .list(entries.map { .list([.string($0.key), $0.value]) })
        default:
            try arguments.accept(2)
            let key = try arguments.required(0, "key")
            if let found = entries[key.pythonString] { return found }
            return try arguments.optional(1, "default") ?? .null
        }
    }

    private static func string(_ name: String, _ text: String, _ arguments: CallArguments) throws(TemplateError) -> VariableValue {
        switch name {
        case "split", "rsplit":
            try arguments.accept(2, ["sep", "maxsplit"])
            let separator = try arguments.optional(0, "sep")
            let limit = try arguments.int(1, "maxsplit") ?? -1
            let parts = try PythonStrings.split(text, separator: separator == .null ? nil : separator.map(\.pythonString), limit: limit, fromRight: name == "rsplit")
            return .list(parts.map(VariableValue.string))
        case "splitlines":
            try arguments.accept(0)
            return .list(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { .string(String($0)) }.dropLast(text.last?.isNewline == true ? 1 : 0))
        case "lower": try arguments.accept(0); return .string(text.lowercased())
        case "upper": try arguments.accept(0); return .string(text.uppercased())
        case "capitalize": try arguments.accept(0); return .string(PythonStrings.capitalize(text))
        case "title": try arguments.accept(0); return .string(PythonStrings.title(text))
        case "strip", "lstrip", "rstrip":
            try arguments.accept(1)
            let characters = try arguments.string(0, "chars")
            return .string(PythonStrings.strip(text, characters: characters, leading: name != "rstrip", trailing: name != "lstrip"))
        case "startswith", "endswith":
            try arguments.accept(1)
            let affixes: [String]
            switch try arguments.required(0, "prefix") {
            case .string(let affix): affixes = [affix]
            case .list(let items): affixes = items.map(\.pythonString)
            case let other: throw TemplateError("\(name) first arg must be str or a tuple of str, not \(other.pythonType)")
            }
            return .bool(affixes.contains { name == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) })
        case "replace":
            try arguments.accept(3)
            let old = try arguments.requiredString(0, "old"), new = try arguments.requiredString(1, "new")
            return .string(PythonStrings.replace(text, old, new, count: try arguments.int(2, "count") ?? -1))
        case "join":
            try arguments.accept(1)
            let items = try arguments.required(0, "iterable").iterated()
            var parts: [String] = []
            for item in items {
                guard case .string(let part) = item else { throw TemplateError("sequence item: expected str instance, \(item.pythonType) found") }
                parts.append(part)
            }
            return .string(parts.joined(separator: text))
        case "find":
            try arguments.accept(1)
            let needle = try arguments.requiredString(0, "sub")
            guard let range = text.range(of: needle) else { return .int(-1) }
            return .int(text.distance(from: text.startIndex, to: range.lowerBound))
        case "count":
            try arguments.accept(1)
            let needle = try arguments.requiredString(0, "sub")
            return .int(needle.isEmpty ? text.count + 1 : text.components(separatedBy: needle).count - 1)
        case "isdigit": return .bool(!text.isEmpty && text.allSatisfy(\.isNumber))
        case "isalpha": return .bool(!text.isEmpty && text.allSatisfy(\.isLetter))
        case "isalnum": return .bool(!text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber })
        default:
            try arguments.accept(1)
            let width = try arguments.int(0, "width") ?? 0
            let sign = text.first == "-" || text.first == "+" ? String(text.first!) : ""
            let digits = sign.isEmpty ? text : String(text.dropFirst())
            return .string(sign + String(repeating: "0", count: max(0, width - text.count)) + digits)
        }
    }
}
