import OrderedCollections
/// Evaluates a string the way Ansible's INI plugin types a value: Python's `ast.literal_eval`,
/// and the original string when that fails. `1` is an integer, `True` a boolean, `[1, 2]` a list,
/// but `yes`, `no` and `0755` stay strings.
public enum PythonLiteral {
    /// The typed value of `text`, or the string itself when it is not a Python literal.
    public static func typedValue(of text: String) -> VariableValue {
        var parser = Parser(Array(text.unicodeScalars))
        guard let value = try? parser.parseWholeExpression() else { return .string(text) }
        return value
    }

    private struct NotALiteral: Error {}

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        /// Brackets open around the current position.
        var depth = 0

        /// Python's tokenizer refuses more nested brackets ("too many nested parentheses"), so
        /// Ansible keeps such a value as a string; stopping there also bounds the recursion.
        static let maximumDepth = 200

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func parseWholeExpression() throws(NotALiteral) -> VariableValue {
            let value = try parseExpression()
            skipSpaceAndComment()
            guard index == scalars.count else { throw NotALiteral() }
            return value
        }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skipSpace() {
            while let char = current, char == " " || char == "\t" { index += 1 }
        }

        mutating func skipSpaceAndComment() {
            skipSpace()
            if current == "#" { index = scalars.count }
        }

        mutating func expect(_ char: Unicode.Scalar) throws(NotALiteral) {
            skipSpace()
            guard current == char else { throw NotALiteral() }
            index += 1
        }

        /// A literal, optionally signed; `a + bj` complex sums are reduced to their text.
        mutating func parseExpression() throws(NotALiteral) -> VariableValue {
            skipSpace()
            let start = index
            let value = try parseSignedOrAtom()
            skipSpace()
            if let op = current, op == "+" || op == "-", case .number = value.kind {
                index += 1
                skipSpace()
                let rhs = try parseAtom()
                guard case .imaginary = rhs.kind else { throw NotALiteral() }
                // Python's str() of a complex sum: "(1+2j)".
                return .string("(" + text(from: start).filter { $0 != " " } + ")")
            }
            return value.value
        }

        func text(from start: Int) -> String {
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars[start..<index])
            return String(result)
        }

        mutating func parseSignedOrAtom() throws(NotALiteral) -> Parsed {
            skipSpace()
            guard let sign = current, sign == "+" || sign == "-" else { return try parseAtom() }
            index += 1
            skipSpace()
            let operand = try parseAtom()
            switch (operand.kind, operand.value) {
            case (.number, .int(let number)): return Parsed(sign == "-" ? .int(-number) : .int(number), .number)
            case (.number, .float(let number)): return Parsed(sign == "-" ? .float(-number) : .float(number), .number)
            case (.imaginary, _): return Parsed(.string(sign == "-" ? "(-0-\(stringValue(operand.value)))" : stringValue(operand.value)), .imaginary)
            default: throw NotALiteral()
            }
        }

        func stringValue(_ value: VariableValue) -> String {
            if case .string(let string) = value { return string }
            return ""
        }

        enum Kind { case number, imaginary, other }

        struct Parsed {
            let value: VariableValue
            let kind: Kind
            init(_ value: VariableValue, _ kind: Kind) { self.value = value; self.kind = kind }
        }

        mutating func parseAtom() throws(NotALiteral) -> Parsed {
            skipSpace()
            guard let char = current else { throw NotALiteral() }
            let opensBracket = char == "[" || char == "(" || char == "{"
            if opensBracket {
                depth += 1
                guard depth <= Self.maximumDepth else { throw NotALiteral() }
            }
            defer { if opensBracket { depth -= 1 } }
            switch char {
            case "[":
                index += 1
                return Parsed(.list(try parseSequence(closing: "]")), .other)
            case "(":
                index += 1
                skipSpace()
                if current == ")" { index += 1; return Parsed(.list([]), .other) }
                let first = try parseExpression()
                skipSpace()
                if current == ")" { index += 1; return Parsed(first, .other) }
                try expect(",")
                return Parsed(.list([first] + (try parseSequence(closing: ")"))), .other)
            case "{":
                index += 1
                return Parsed(try parseBraces(), .other)
            case "'", "\"":
                return Parsed(.string(try parseStrings()), .other)
            case "0"..."9", ".":
                return try parseNumber()
            default:
                if char.properties.isAlphabetic || char == "_" {
                    let word = parseWord()
                    switch word {
                    case "True": return Parsed(.bool(true), .other)
                    case "False": return Parsed(.bool(false), .other)
                    case "None": return Parsed(.null, .other)
                    default:
                        if isStringPrefix(word), let quote = current, quote == "'" || quote == "\"" {
                            index -= word.unicodeScalars.count
                            return Parsed(.string(try parseStrings()), .other)
                        }
                        throw NotALiteral()
                    }
                }
                throw NotALiteral()
            }
        }

        func isStringPrefix(_ word: String) -> Bool {
            ["r", "u", "b", "br", "rb", "R", "U", "B", "Br", "bR", "BR", "Rb", "rB", "RB"].contains(word)
        }

        mutating func parseWord() -> String {
            let start = index
            while let char = current, char.properties.isAlphabetic || char == "_" || ("0"..."9").contains(char) {
                index += 1
            }
            return text(from: start)
        }

        /// Items up to `closing`, with an optional trailing comma.
        mutating func parseSequence(closing: Unicode.Scalar) throws(NotALiteral) -> [VariableValue] {
            var items: [VariableValue] = []
            while true {
                skipSpace()
                if current == closing { index += 1; return items }
                items.append(try parseExpression())
                skipSpace()
                if current == closing { index += 1; return items }
                try expect(",")
            }
        }

        /// `{}` and `{k: v, …}` are dicts; `{a, b}` is a set, which Ansible turns into a list.
        mutating func parseBraces() throws(NotALiteral) -> VariableValue {
            skipSpace()
            if current == "}" { index += 1; return .dict([:]) }
            let firstKey = try parseExpression()
            skipSpace()
            if current != ":" {
                skipSpace()
                if current == "}" { index += 1; return .list([firstKey]) }
                try expect(",")
                var items = [firstKey]
                for item in try parseSequence(closing: "}") where !items.contains(item) { items.append(item) }
                return .list(Self.pythonSetOrder(items))
            }
            var dict: OrderedDictionary<String, VariableValue> = [:]
            var key = firstKey
            while true {
                try expect(":")
                dict[Self.jsonKey(key)] = try parseExpression()
                skipSpace()
                if current == "}" { index += 1; return .dict(dict) }
                try expect(",")
                skipSpace()
                if current == "}" { index += 1; return .dict(dict) }
                key = try parseExpression()
            }
        }

        /// A set of small non-negative integers iterates in ascending order in CPython (an
        /// int hashes to itself); other sets have no stable order, so they keep the written one.
        static func pythonSetOrder(_ items: [VariableValue]) -> [VariableValue] {
            let numbers = items.compactMap { item -> Int? in
                if case .int(let number) = item, number >= 0 { return number }
                return nil
            }
            guard numbers.count == items.count else { return items }
            return numbers.sorted().map(VariableValue.int)
        }

        /// How Python's `json.dumps` writes a non-string dict key.
        static func jsonKey(_ value: VariableValue) -> String {
            switch value {
            case .string(let string): string
            case .int(let number): String(number)
            case .float(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            case .null: "null"
            case .list, .dict, .vault: String(describing: value)
            }
        }

        /// One or more adjacent string literals, concatenated as Python does.
        mutating func parseStrings() throws(NotALiteral) -> String {
            var result = ""
            while true {
                result += try parseOneString()
                skipSpace()
                guard let char = current else { return result }
                if char == "'" || char == "\"" { continue }
                if char.properties.isAlphabetic {
                    let save = index
                    let word = parseWord()
                    if isStringPrefix(word), let quote = current, quote == "'" || quote == "\"" {
                        index = save
                        continue
                    }
                    index = save
                }
                return result
            }
        }

        mutating func parseOneString() throws(NotALiteral) -> String {
            var raw = false
            while let char = current, char != "'" && char != "\"" {
                if char == "r" || char == "R" { raw = true }
                index += 1
            }
            guard let quote = current else { throw NotALiteral() }
            let triple = index + 2 < scalars.count && scalars[index + 1] == quote && scalars[index + 2] == quote
            index += triple ? 3 : 1
            var result = String.UnicodeScalarView()
            while true {
                guard let char = current else { throw NotALiteral() }
                if char == quote {
                    if !triple { index += 1; return String(result) }
                    if index + 2 < scalars.count && scalars[index + 1] == quote && scalars[index + 2] == quote {
                        index += 3
                        return String(result)
                    }
                }
                if char == "\n" && !triple { throw NotALiteral() }
                index += 1
                if char == "\\" {
                    guard let escaped = current else { throw NotALiteral() }
                    index += 1
                    if raw {
                        result.append(char)
                        result.append(escaped)
                    } else {
                        result.append(contentsOf: try unescape(escaped).unicodeScalars)
                    }
                } else {
                    result.append(char)
                }
            }
        }

        mutating func unescape(_ escaped: Unicode.Scalar) throws(NotALiteral) -> String {
            switch escaped {
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "\\": return "\\"
            case "'": return "'"
            case "\"": return "\""
            case "a": return "\u{07}"
            case "b": return "\u{08}"
            case "f": return "\u{0C}"
            case "v": return "\u{0B}"
            case "0"..."7":
                var digits = String(escaped)
                while digits.count < 3, let next = current, ("0"..."7").contains(next) { digits.unicodeScalars.append(next); index += 1 }
                return scalarString(UInt32(digits, radix: 8))
            case "x": return scalarString(try hexDigits(2))
            case "u": return scalarString(try hexDigits(4))
            case "U": return scalarString(try hexDigits(8))
            default: return "\\" + String(escaped)
            }
        }

        mutating func hexDigits(_ count: Int) throws(NotALiteral) -> UInt32 {
            guard index + count <= scalars.count else { throw NotALiteral() }
            var digits = String.UnicodeScalarView()
            digits.append(contentsOf: scalars[index..<index + count])
            guard let value = UInt32(String(digits), radix: 16) else { throw NotALiteral() }
            index += count
            return value
        }

        func scalarString(_ code: UInt32?) -> String {
            guard let code, let scalar = Unicode.Scalar(code) else { return "" }
            return String(scalar)
        }

        mutating func parseNumber() throws(NotALiteral) -> Parsed {
            let start = index
            while let char = current, char.properties.isAlphabetic || ("0"..."9").contains(char) || char == "_" || char == "."
                || ((char == "+" || char == "-") && index > start && (scalars[index - 1] == "e" || scalars[index - 1] == "E")
                    && !text(from: start).lowercased().hasPrefix("0x"))
            {
                index += 1
            }
            let token = text(from: start)
            if let value = Self.number(from: token) { return Parsed(value, .number) }
            if let last = token.last, last == "j" || last == "J", Self.number(from: String(token.dropLast())) != nil {
                return Parsed(.string(token.dropLast() + "j"), .imaginary)
            }
            throw NotALiteral()
        }

        /// Python's integer and float literal syntax, underscores included.
        static func number(from token: String) -> VariableValue? {
            guard !token.isEmpty, !token.hasSuffix("_"), !token.contains("__") else { return nil }
            let lower = token.lowercased()
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
                let digits = lower.dropFirst(2).drop { $0 == "_" }.filter { $0 != "_" }
                return Int(digits, radix: radix).map(VariableValue.int)
            }
            let plain = lower.filter { $0 != "_" }
            if plain.allSatisfy(\.isNumber) {
                // Python 3 rejects leading zeros in a non-zero decimal integer ("0755").
                if plain.count > 1, plain.hasPrefix("0"), plain.contains(where: { $0 != "0" }) { return nil }
                return Int(plain).map(VariableValue.int)
            }
            guard plain.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-" }),
                  plain.contains(where: \.isNumber), !plain.hasPrefix("e")
            else { return nil }
            return Double(plain).map(VariableValue.float)
        }
    }
}
