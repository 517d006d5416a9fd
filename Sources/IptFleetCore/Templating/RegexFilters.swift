import Foundation

/// `regex_replace`, `regex_search`, `regex_findall`, `regex_escape` and the `match`, `search`
/// and `regex` tests. Python's `re` syntax is translated to ICU's (`(?P<name>…)`, `(?P=name)`,
/// `\Z`) and Python's replacements (`\1`, `\g<name>`) are expanded here, which covers the
/// patterns inventories use.
enum RegexFilters {
    static func apply(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> VariableValue? {
        switch name {
        case "regex_replace":
            try arguments.accept(6, ["pattern", "replacement", "ignorecase", "multiline", "count", "mandatory_count"])
            let text = value.pythonString
            let regex = try compile(arguments.requiredString(0, "pattern"), arguments, ignorecaseIndex: 2, multilineIndex: 3)
            let count = try arguments.int(4, "count") ?? 0
            let replacement = Replacement(try arguments.string(1, "replacement") ?? "")
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            let used = count > 0 ? Array(matches.prefix(count)) : matches
            if let mandatory = try arguments.int(5, "mandatory_count"), mandatory != 0, mandatory != used.count {
                throw TemplateError("regex_replace: the pattern should match \(mandatory) times, but matches \(used.count) times")
            }
            let source = text as NSString
            var result = ""
            var last = 0
            for match in used {
                result += source.substring(with: NSRange(location: last, length: match.range.location - last))
                result += replacement.expand(match, in: text)
                last = match.range.location + match.range.length
            }
            return .string(result + source.substring(from: last))
        case "regex_search":
            let text = value.pythonString
            var groups: [String] = []
            for argument in arguments.positional.dropFirst() {
                let group = try arguments.resolve(argument).pythonString
                guard group.hasPrefix("\\") else { throw TemplateError("regex_search: unknown argument '\(group)'") }
                groups.append(group.hasPrefix("\\g<") ? String(group.dropFirst(3).dropLast()) : String(group.dropFirst()))
            }
            let regex = try compile(arguments.requiredString(0, "regex"), arguments, ignorecaseIndex: .max, multilineIndex: .max)
            guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return .null }
            guard !groups.isEmpty else { return group(match, 0, in: text) }
            return .list(groups.map { group in
                Int(group).map { self.group(match, $0, in: text) } ?? named(match, group, in: text)
            })
        case "regex_findall":
            try arguments.accept(3, ["regex", "multiline", "ignorecase"])
            let text = value.pythonString
            let regex = try compile(arguments.requiredString(0, "regex"), arguments, ignorecaseIndex: 2, multilineIndex: 1)
            return .list(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
                switch regex.numberOfCaptureGroups {
                case 0: group(match, 0, in: text)
                case 1: group(match, 1, in: text, unmatched: .string(""))
                default: .list((1...regex.numberOfCaptureGroups).map { group(match, $0, in: text, unmatched: .string("")) })
                }
            })
        case "regex_escape":
            try arguments.accept(1, ["re_type"])
            guard (try arguments.string(0, "re_type") ?? "python") == "python" else { throw TemplateError.unsupported("regex_escape re_type", "posix") }
            return .string(value.pythonString.map { character in
                character.isLetter || character.isNumber || character == "_" ? String(character) : "\\" + String(character)
            }.joined())
        default:
            return nil
        }
    }

    /// The `match` (anchored at the start), `search` and `regex` tests.
    static func test(_ name: String, _ value: VariableValue, _ arguments: CallArguments) throws(TemplateError) -> Bool {
        try arguments.accept(4, ["pattern", "ignorecase", "multiline", "match_type"])
        let text = value.pythonString
        let regex = try compile(arguments.requiredString(0, "pattern"), arguments, ignorecaseIndex: 1, multilineIndex: 2)
        let type = name == "regex" ? (try arguments.string(3, "match_type") ?? "search") : name
        let range = NSRange(text.startIndex..., in: text)
        switch type {
        case "match": return regex.firstMatch(in: text, options: .anchored, range: range) != nil
        case "fullmatch": return regex.firstMatch(in: text, options: .anchored, range: range).map { $0.range.length == range.length } ?? false
        default: return regex.firstMatch(in: text, range: range) != nil
        }
    }

    private static func compile(_ pattern: String, _ arguments: CallArguments, ignorecaseIndex: Int, multilineIndex: Int) throws(TemplateError) -> NSRegularExpression {
        var options: NSRegularExpression.Options = []
        if try arguments.flag(ignorecaseIndex, "ignorecase", default: false) { options.insert(.caseInsensitive) }
        if try arguments.flag(multilineIndex, "multiline", default: false) { options.insert(.anchorsMatchLines) }
        do {
            return try NSRegularExpression(pattern: translatePattern(pattern), options: options)
        } catch {
            throw TemplateError("invalid regular expression '\(pattern)'")
        }
    }

    /// Python's `(?P<name>…)`, `(?P=name)` and `\Z` in ICU's spelling.
    static func translatePattern(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "(?P<", with: "(?<")
            .replacingOccurrences(of: "\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)", with: "\\\\k<$1>", options: .regularExpression)
            .replacingOccurrences(of: "\\Z", with: "\\z")
    }

    /// A Python replacement string (`\1`, `\g<1>`, `\g<name>`, `\\`, `\n`), expanded per match.
    struct Replacement {
        enum Part {
            case text(String)
            case group(Int)
            case named(String)
        }

        let parts: [Part]

        init(_ replacement: String) {
            var parts: [Part] = []
            var text = ""
            var characters = Substring(replacement)
            func flush() {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
            }
            while let character = characters.popFirst() {
                guard character == "\\", let next = characters.first else {
                    text.append(character)
                    continue
                }
                if next.isASCII, next.isNumber {
                    let digits = characters.prefix(2).prefix { $0.isASCII && $0.isNumber }
                    characters = characters.dropFirst(digits.count)
                    flush()
                    parts.append(.group(Int(digits)!))
                } else if next == "g", characters.dropFirst().first == "<", let end = characters.firstIndex(of: ">") {
                    let name = String(characters[characters.index(characters.startIndex, offsetBy: 2)..<end])
                    characters = characters[characters.index(after: end)...]
                    flush()
                    parts.append(Int(name).map(Part.group) ?? .named(name))
                } else {
                    characters = characters.dropFirst()
                    switch next {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    case "r": text += "\r"
                    case "\\": text += "\\"
                    default: text += "\\" + String(next)
                    }
                }
            }
            flush()
            self.parts = parts
        }

        func expand(_ match: NSTextCheckingResult, in text: String) -> String {
            parts.map { part in
                switch part {
                case .text(let literal): literal
                case .group(let index): RegexFilters.group(match, index, in: text, unmatched: .string("")).pythonString
                case .named(let name): RegexFilters.named(match, name, in: text, unmatched: .string("")).pythonString
                }
            }.joined()
        }
    }

    static func group(_ match: NSTextCheckingResult, _ index: Int, in text: String, unmatched: VariableValue = .null) -> VariableValue {
        guard index <= match.numberOfRanges - 1, let range = Range(match.range(at: index), in: text) else { return unmatched }
        return .string(String(text[range]))
    }

    static func named(_ match: NSTextCheckingResult, _ name: String, in text: String, unmatched: VariableValue = .null) -> VariableValue {
        guard let range = Range(match.range(withName: name), in: text) else { return unmatched }
        return .string(String(text[range]))
    }
}
