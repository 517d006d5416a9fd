/// Splits the inside of a `{{ … }}` or `{% … %}` tag into tokens, up to its closing `}}`/`%}`
/// (a closing brace inside brackets or a string does not end it, as in Jinja).
struct TemplateLexer {
    let characters: [Character]
    private(set) var position: Int
    /// In `{{ … }}`, Ansible escapes backslashes in string literals before Jinja reads them,
    /// so `'\1'` stays a backslash and a 1 (YAML has already read the escapes); in `{% … %}`
    /// strings are unescaped as in Python.
    let keepsBackslashes: Bool

    init(_ characters: [Character], from position: Int, keepsBackslashes: Bool) {
        self.characters = characters
        self.position = position
        self.keepsBackslashes = keepsBackslashes
    }

    static let symbols = ["//", "**", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "~", "(", ")", "[", "]", "{", "}",
                          ",", ".", ":", "|", "=", "<", ">"]

    /// The tokens up to `closing` (`}}` or `%}`), ending with `.end`; `stripsAfter` tells that the
    /// tag closed with `-}}`/`-%}`. `position` is then just after the tag.
    mutating func tokens(closing: String) throws(TemplateError) -> (tokens: [TemplateToken], stripsAfter: Bool) {
        var tokens: [TemplateToken] = []
        var depth = 0
        while true {
            skipWhitespace()
            guard position < characters.count else {
                throw TemplateError("unexpected end of template, expected '\(closing)'")
            }
            if depth == 0 {
                if matches("-" + closing) {
                    position += closing.count + 1
                    return (tokens + [.end], true)
                }
                if matches(closing) {
                    position += closing.count
                    return (tokens + [.end], false)
                }
            }
            let character = characters[position]
            if character.isLetter || character == "_" {
                tokens.append(.name(readWhile { $0.isLetter || $0.isNumber || $0 == "_" }))
            } else if character.isASCII, character.isNumber {
                tokens.append(try number())
            } else if character == "'" || character == "\"" {
                tokens.append(.string(try string(quote: character)))
            } else if let symbol = Self.symbols.first(where: matches) {
                position += symbol.count
                if "([{".contains(symbol) { depth += 1 }
                if ")]}".contains(symbol) { depth = max(0, depth - 1) }
                tokens.append(.symbol(symbol))
            } else {
                throw TemplateError("unexpected character '\(character)' in template")
            }
        }
    }

    private func matches(_ text: String) -> Bool {
        var index = position
        for character in text {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
        }
        return true
    }

    private mutating func skipWhitespace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func readWhile(_ predicate: (Character) -> Bool) -> String {
        let start = position
        while position < characters.count, predicate(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func number() throws(TemplateError) -> TemplateToken {
        var text = readWhile { ($0.isASCII && $0.isNumber) || $0 == "_" }
        var isFloat = false
        if position + 1 < characters.count, characters[position] == ".", characters[position + 1].isASCII, characters[position + 1].isNumber {
            position += 1
            text += "." + readWhile { ($0.isASCII && $0.isNumber) || $0 == "_" }
            isFloat = true
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            let save = position
            position += 1
            var exponent = "e"
            if position < characters.count, characters[position] == "+" || characters[position] == "-" {
                exponent.append(characters[position])
                position += 1
            }
            let digits = readWhile { $0.isASCII && $0.isNumber }
            if digits.isEmpty { position = save } else { text += exponent + digits; isFloat = true }
        }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if isFloat, let value = Double(plain) { return .float(value) }
        guard let value = Int(plain) else { throw TemplateError("integer \(text) is too large") }
        return .integer(value)
    }

    private mutating func string(quote: Character) throws(TemplateError) -> String {
        position += 1
        var result = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == quote { return result }
            guard character == "\\", position < characters.count else {
                result.append(character)
                continue
            }
            let escaped = characters[position]
            position += 1
            if keepsBackslashes {
                result.append("\\")
                result.append(escaped)
            } else {
                result += Self.unescape(escaped)
            }
        }
        throw TemplateError("unterminated string")
    }

    /// Python's meaning of `\c` in a string literal (the common escapes).
    private static func unescape(_ character: Character) -> String {
        switch character {
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        case "0": "\0"
        case "\\", "'", "\"": String(character)
        default: "\\" + String(character)
        }
    }
}
