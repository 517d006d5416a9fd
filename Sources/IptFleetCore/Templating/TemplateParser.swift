/// Parses a template string into nodes as Ansible's Jinja2 environment does: `{{ … }}` outputs,
/// `{% if %}`/`{% for %}` blocks, `{# … #}` comments, `{% raw %}` blocks, whitespace control
/// (`{{-`, `-}}`, `{%-`, `-%}`) and `trim_blocks` (the newline after a block tag is dropped).
/// Other statements (`set`, `macro`, `include`, …) are refused.
enum TemplateParser {
    /// Whether `text` holds template syntax at all (a plain string is not templated).
    static func isTemplate(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%") || text.contains("{#")
    }

    static func parse(_ text: String) throws(TemplateError) -> [TemplateNode] {
        var scanner = Scanner(Array(text))
        var pieces = try scanner.pieces()
        applyWhitespaceControl(&pieces)
        var builder = TreeBuilder(pieces: pieces)
        let (nodes, end) = try builder.nodes(until: [])
        if let end { throw TemplateError("syntax error: unexpected '{% \(end) %}'") }
        return nodes
    }

    /// A run of text or one tag, before the tree is built.
    enum Piece {
        case text(String)
        case output([TemplateToken], stripsBefore: Bool, stripsAfter: Bool)
        case statement([TemplateToken], stripsBefore: Bool, stripsAfter: Bool)
        case comment(stripsBefore: Bool, stripsAfter: Bool)

        var strips: (before: Bool, after: Bool, isBlock: Bool)? {
            switch self {
            case .text: nil
            case .output(_, let before, let after): (before, after, false)
            case .statement(_, let before, let after), .comment(let before, let after): (before, after, true)
            }
        }
    }

    /// `-` strips the whitespace on its side; a block tag or comment without `-` drops one newline after it.
    private static func applyWhitespaceControl(_ pieces: inout [Piece]) {
        for index in pieces.indices {
            guard let strips = pieces[index].strips else { continue }
            if strips.before, index > 0, case .text(let text) = pieces[index - 1] {
                pieces[index - 1] = .text(String(text.reversed().drop(while: \.isWhitespace).reversed()))
            }
            if index + 1 < pieces.count, case .text(let text) = pieces[index + 1] {
                if strips.after {
                    pieces[index + 1] = .text(String(text.drop(while: \.isWhitespace)))
                } else if strips.isBlock, text.hasPrefix("\n") || text.hasPrefix("\r\n") {
                    pieces[index + 1] = .text(String(text.dropFirst()))
                }
            }
        }
    }

    /// Splits the characters into text and tags.
    private struct Scanner {
        let characters: [Character]
        var position = 0

        init(_ characters: [Character]) {
            self.characters = characters
        }

        mutating func pieces() throws(TemplateError) -> [Piece] {
            var result: [Piece] = []
            var text = ""
            while position < characters.count {
                guard characters[position] == "{", position + 1 < characters.count, "{%#".contains(characters[position + 1]) else {
                    text.append(characters[position])
                    position += 1
                    continue
                }
                if !text.isEmpty { result.append(.text(text)); text = "" }
                let kind = characters[position + 1]
                position += 2
                let stripsBefore = position < characters.count && characters[position] == "-"
                if stripsBefore || (position < characters.count && characters[position] == "+") { position += 1 }
                switch kind {
                case "{":
                    var lexer = TemplateLexer(characters, from: position, keepsBackslashes: true)
                    let (tokens, stripsAfter) = try lexer.tokens(closing: "}}")
                    position = lexer.position
                    result.append(.output(tokens, stripsBefore: stripsBefore, stripsAfter: stripsAfter))
                case "%":
                    var lexer = TemplateLexer(characters, from: position, keepsBackslashes: false)
                    let (tokens, stripsAfter) = try lexer.tokens(closing: "%}")
                    position = lexer.position
                    if tokens.first == .name("raw") {
                        result.append(.statement([], stripsBefore: stripsBefore, stripsAfter: stripsAfter))
                        result += try rawBlock()
                    } else {
                        result.append(.statement(tokens, stripsBefore: stripsBefore, stripsAfter: stripsAfter))
                    }
                default:
                    result.append(try comment(stripsBefore: stripsBefore))
                }
            }
            if !text.isEmpty { result.append(.text(text)) }
            return result
        }

        private mutating func comment(stripsBefore: Bool) throws(TemplateError) -> Piece {
            while position + 1 < characters.count {
                if characters[position] == "#", characters[position + 1] == "}" {
                    let stripsAfter = position > 0 && characters[position - 1] == "-"
                    position += 2
                    return .comment(stripsBefore: stripsBefore, stripsAfter: stripsAfter)
                }
                position += 1
            }
            throw TemplateError("syntax error: unterminated comment, expected '#}'")
        }

        /// The text up to `{% endraw %}` and that tag (as an empty statement).
        private mutating func rawBlock() throws(TemplateError) -> [Piece] {
            var text = ""
            while position < characters.count {
                if characters[position] == "{", position + 1 < characters.count, characters[position + 1] == "%" {
                    var probe = position + 2
                    let stripsBefore = probe < characters.count && characters[probe] == "-"
                    if stripsBefore { probe += 1 }
                    var lexer = TemplateLexer(characters, from: probe, keepsBackslashes: false)
                    if let (tokens, stripsAfter) = try? lexer.tokens(closing: "%}"), tokens == [.name("endraw"), .end] {
                        position = lexer.position
                        return [.text(text), .statement([], stripsBefore: stripsBefore, stripsAfter: stripsAfter)]
                    }
                }
                text.append(characters[position])
                position += 1
            }
            throw TemplateError("syntax error: '{% raw %}' without '{% endraw %}'")
        }
    }

    /// Builds nested `if`/`for` nodes from the pieces.
    private struct TreeBuilder {
        let pieces: [Piece]
        var index = 0
        var depth = 0

        /// Nodes up to a statement whose keyword is in `ends` (returned, its tokens consumed up to the keyword).
        mutating func nodes(until ends: Set<String>) throws(TemplateError) -> ([TemplateNode], String?) {
            var nodes: [TemplateNode] = []
            while index < pieces.count {
                let piece = pieces[index]
                index += 1
                switch piece {
                case .text(let text):
                    if !text.isEmpty { nodes.append(.text(text)) }
                case .comment:
                    continue
                case .output(let tokens, _, _):
                    nodes.append(.output(try ExpressionParser.parse(tokens)))
                case .statement(let tokens, _, _):
                    guard case .name(let keyword) = tokens.first else { continue }
                    if ends.contains(keyword) {
                        index -= 1
                        return (nodes, keyword)
                    }
                    nodes.append(try statement(keyword, tokens))
                }
            }
            return (nodes, nil)
        }

        private mutating func statement(_ keyword: String, _ tokens: [TemplateToken]) throws(TemplateError) -> TemplateNode {
            depth += 1
            defer { depth -= 1 }
            if depth > ExpressionParser.maximumDepth {
                throw TemplateError("blocks nested more than \(ExpressionParser.maximumDepth) levels deep")
            }
            switch keyword {
            case "if": return try conditional(tokens)
            case "for": return try loop(tokens)
            case "endif", "endfor", "else", "elif": throw TemplateError("syntax error: unexpected '{% \(keyword) %}'")
            default: throw TemplateError.unsupported("statement", "{% \(keyword) %}")
            }
        }

        /// The tokens of the statement at `index` after its keyword.
        private mutating func take(_ keyword: String) throws(TemplateError) -> [TemplateToken] {
            guard index < pieces.count, case .statement(let tokens, _, _) = pieces[index], tokens.first == .name(keyword) else {
                throw TemplateError("syntax error: missing '{% \(keyword) %}'")
            }
            index += 1
            return Array(tokens.dropFirst())
        }

        private mutating func conditional(_ tokens: [TemplateToken]) throws(TemplateError) -> TemplateNode {
            var branches: [(condition: TemplateExpression, body: [TemplateNode])] = []
            var condition = try ExpressionParser.parse(Array(tokens.dropFirst()))
            while true {
                let (body, end) = try nodes(until: ["elif", "else", "endif"])
                branches.append((condition, body))
                switch end {
                case "elif":
                    condition = try ExpressionParser.parse(try take("elif"))
                case "else":
                    _ = try take("else")
                    let (otherwise, last) = try nodes(until: ["endif"])
                    guard last != nil else { throw TemplateError("syntax error: '{% if %}' without '{% endif %}'") }
                    _ = try take("endif")
                    return .conditional(branches: branches, otherwise: otherwise)
                case "endif":
                    _ = try take("endif")
                    return .conditional(branches: branches, otherwise: [])
                default:
                    throw TemplateError("syntax error: '{% if %}' without '{% endif %}'")
                }
            }
        }

        private mutating func loop(_ tokens: [TemplateToken]) throws(TemplateError) -> TemplateNode {
            var parser = ExpressionParser(Array(tokens.dropFirst()))
            var targets = [try parser.identifier()]
            while parser.skip(symbol: ",") { targets.append(try parser.identifier()) }
            guard parser.skip(name: "in") else { throw parser.unexpected(expecting: "'in'") }
            let iterable = try parser.or()
            if parser.isName("if") || parser.isName("recursive") { throw TemplateError.unsupported("loop clause", parser.current.text) }
            try parser.expectEnd()
            let (body, end) = try nodes(until: ["else", "endfor"])
            var otherwise: [TemplateNode] = []
            if end == "else" {
                _ = try take("else")
                let (elseBody, last) = try nodes(until: ["endfor"])
                guard last != nil else { throw TemplateError("syntax error: '{% for %}' without '{% endfor %}'") }
                otherwise = elseBody
            } else if end == nil {
                throw TemplateError("syntax error: '{% for %}' without '{% endfor %}'")
            }
            _ = try take("endfor")
            return .loop(targets: targets, iterable: iterable, body: body, otherwise: otherwise)
        }
    }
}
