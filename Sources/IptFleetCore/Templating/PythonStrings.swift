import Foundation

/// Python's string operations where Swift's differ: `split` without a separator splits on runs
/// of whitespace, `strip` takes a set of characters, `capitalize` lowers the rest, …
enum PythonStrings {
    static func split(_ text: String, separator: String?, limit: Int, fromRight: Bool) throws(TemplateError) -> [String] {
        guard let separator else {
            let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard limit >= 0, words.count > limit + 1 else { return words }
            // The remainder keeps its whitespace, except on the side the splitting came from.
            var result: [String] = []
            if fromRight {
                var rest = Substring(text)
                for _ in 0..<limit {
                    rest = rest.dropLast(rest.reversed().prefix(while: \.isWhitespace).count)
                    let word = rest.reversed().prefix { !$0.isWhitespace }
                    result.insert(String(word.reversed()), at: 0)
                    rest = rest.dropLast(word.count)
                }
                return [String(rest.dropLast(rest.reversed().prefix(while: \.isWhitespace).count))] + result
            }
            var rest = Substring(text)
            for _ in 0..<limit {
                rest = rest.drop(while: \.isWhitespace)
                let word = rest.prefix { !$0.isWhitespace }
                result.append(String(word))
                rest = rest.dropFirst(word.count)
            }
            return result + [String(rest.drop(while: \.isWhitespace))]
        }
        guard !separator.isEmpty else { throw TemplateError("empty separator") }
        let parts = text.components(separatedBy: separator)
        guard limit >= 0, parts.count > limit + 1 else { return parts }
        if fromRight {
            return [parts.dropLast(limit).joined(separator: separator)] + parts.suffix(limit)
        }
        return Array(parts.prefix(limit)) + [parts.dropFirst(limit).joined(separator: separator)]
    }

    static func strip(_ text: String, characters: String?, leading: Bool, trailing: Bool) -> String {
        let remove: (Character) -> Bool = { character in characters.map { $0.contains(character) } ?? character.isWhitespace }
        var result = Substring(text)
        if leading { result = result.drop(while: remove) }
        if trailing {
            while let last = result.last, remove(last) { result = result.dropLast() }
        }
        return String(result)
    }

    static func replace(_ text: String, _ old: String, _ new: String, count: Int) -> String {
        guard count >= 0 else {
            if old.isEmpty { return new + text.map { String($0) + new }.joined() }
            return text.replacingOccurrences(of: old, with: new)
        }
        var result = ""
        var rest = Substring(text)
        var done = 0
        while done < count, !old.isEmpty, let range = rest.range(of: old) {
            result += rest[..<range.lowerBound] + new
            rest = rest[range.upperBound...]
            done += 1
        }
        return result + rest
    }

    static func capitalize(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst().lowercased()
    }

    /// Python's `str.title()` (Jinja's `title` filter differs slightly; see `jinjaTitle`).
    static func title(_ text: String) -> String {
        var result = ""
        var previousIsLetter = false
        for character in text {
            result += previousIsLetter ? character.lowercased() : character.uppercased()
            previousIsLetter = character.isLetter
        }
        return result
    }
}
