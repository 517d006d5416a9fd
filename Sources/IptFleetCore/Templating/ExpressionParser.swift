/// Parses a Jinja2 expression from tokens, with Jinja's precedence (lowest first): `… if … else …`,
/// `or`, `and`, `not`, comparisons and `in`, `+ -`, `~`, `* / // %`, `**`, unary `- +`, then
/// filters (`|`), tests (`is`), calls, attributes and items.
struct ExpressionParser {
    private let tokens: [TemplateToken]
    private var index = 0
    private var depth = 0
    /// The deepest nesting of brackets and operators, so that no input can exhaust the stack.
    static let maximumDepth = 100

    init(_ tokens: [TemplateToken]) {
        self.tokens = tokens
    }

    /// The whole token list as one expression.
    static func parse(_ tokens: [TemplateToken]) throws(TemplateError) -> TemplateExpression {
        var parser = ExpressionParser(tokens)
        let expression = try parser.expression()
        try parser.expectEnd()
        return expression
    }

    var current: TemplateToken { index < tokens.count ? tokens[index] : .end }

    mutating func advance() { index += 1 }

    func isSymbol(_ symbol: String) -> Bool { current == .symbol(symbol) }
    func isName(_ name: String) -> Bool { current == .name(name) }

    mutating func skip(symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func skip(name: String) -> Bool {
        guard isName(name) else { return false }
        advance()
        return true
    }

    mutating func expect(symbol: String) throws(TemplateError) {
        guard skip(symbol: symbol) else { throw unexpected(expecting: "'\(symbol)'") }
    }

    func expectEnd() throws(TemplateError) {
        guard current == .end else { throw unexpected(expecting: "end of expression") }
    }

    mutating func identifier() throws(TemplateError) -> String {
        guard case .name(let name) = current else { throw unexpected(expecting: "a name") }
        advance()
        return name
    }

    func unexpected(expecting: String) -> TemplateError {
        TemplateError("syntax error: expected \(expecting), got \(current.text)")
    }

    /// Counts one more level of nesting; `depth -= 1` (deferred) ends it.
    private mutating func enter() throws(TemplateError) {
        depth += 1
        if depth > Self.maximumDepth { throw TemplateError("expression nested more than \(Self.maximumDepth) levels deep") }
    }

    mutating func expression() throws(TemplateError) -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        let value = try or()
        guard skip(name: "if") else { return value }
        let condition = try or()
        let otherwise = skip(name: "else") ? try expression() : nil
        return .conditional(value, condition: condition, otherwise: otherwise)
    }

    /// An expression without a trailing `if` (the iterable of a `for`).
    mutating func or() throws(TemplateError) -> TemplateExpression {
        var left = try and()
        while skip(name: "or") { left = .binary("or", left, try and()) }
        return left
    }

    private mutating func and() throws(TemplateError) -> TemplateExpression {
        var left = try not()
        while skip(name: "and") { left = .binary("and", left, try not()) }
        return left
    }

    private mutating func not() throws(TemplateError) -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        if skip(name: "not") { return .unary("not", try not()) }
        return try comparison()
    }

    private static let comparisons: Set<String> = ["==", "!=", "<", ">", "<=", ">="]

    private mutating func comparison() throws(TemplateError) -> TemplateExpression {
        var left = try sum()
        var chain: [TemplateExpression] = []
        while true {
            let right: TemplateExpression
            if case .symbol(let symbol) = current, Self.comparisons.contains(symbol) {
                advance()
                let operand = try sum()
                right = .binary(symbol, left, operand)
                chain.append(right)
                left = operand
            } else if isName("in") {
                advance()
                let operand = try sum()
                chain.append(.binary("in", left, operand))
                left = operand
            } else if isName("not"), index + 1 < tokens.count, tokens[index + 1] == .name("in") {
                index += 2
                let operand = try sum()
                chain.append(.binary("not in", left, operand))
                left = operand
            } else {
                break
            }
        }
        // `a < b < c` is `a < b and b < c`, as in Python.
        guard var result = chain.first else { return left }
        for next in chain.dropFirst() { result = .binary("and", result, next) }
        return result
    }

    private mutating func sum() throws(TemplateError) -> TemplateExpression {
        var left = try concatenation()
        while case .symbol(let symbol) = current, symbol == "+" || symbol == "-" {
            advance()
            left = .binary(symbol, left, try concatenation())
        }
        return left
    }

    private mutating func concatenation() throws(TemplateError) -> TemplateExpression {
        var left = try product()
        while skip(symbol: "~") { left = .binary("~", left, try product()) }
        return left
    }

    private mutating func product() throws(TemplateError) -> TemplateExpression {
        var left = try power()
        while case .symbol(let symbol) = current, ["*", "/", "//", "%"].contains(symbol) {
            advance()
            left = .binary(symbol, left, try power())
        }
        return left
    }

    private mutating func power() throws(TemplateError) -> TemplateExpression {
        var left = try unary(withFilters: true)
        while skip(symbol: "**") { left = .binary("**", left, try unary(withFilters: true)) }
        return left
    }

    private mutating func unary(withFilters: Bool) throws(TemplateError) -> TemplateExpression {
        try enter()
        defer { depth -= 1 }
        var node: TemplateExpression
        if case .symbol(let symbol) = current, symbol == "-" || symbol == "+" {
            advance()
            node = .unary(symbol, try unary(withFilters: false))
        } else {
            node = try postfix(try primary())
        }
        return withFilters ? try filters(node) : node
    }

    private mutating func primary() throws(TemplateError) -> TemplateExpression {
        let token = current
        switch token {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.null)
            default: return .name(name)
            }
        case .string(var text):
            advance()
            // Adjacent strings join, as in Python.
            while case .string(let more) = current { text += more; advance() }
            return .literal(.string(text))
        case .integer(let number):
            advance()
            return .literal(.int(number))
        case .float(let number):
            advance()
            return .literal(.float(number))
        case .symbol("("):
            advance()
            if skip(symbol: ")") { return .list([]) }
            let first = try expression()
            guard skip(symbol: ",") else {
                try expect(symbol: ")")
                return first
            }
            var items = [first]
            while !isSymbol(")") {
                items.append(try expression())
                if !skip(symbol: ",") { break }
            }
            try expect(symbol: ")")
            return .list(items)
        case .symbol("["):
            advance()
            var items: [TemplateExpression] = []
            while !isSymbol("]") {
                items.append(try expression())
                if !skip(symbol: ",") { break }
            }
            try expect(symbol: "]")
            return .list(items)
        case .symbol("{"):
            advance()
            var pairs: [(key: TemplateExpression, value: TemplateExpression)] = []
            while !isSymbol("}") {
                let key = try expression()
                try expect(symbol: ":")
                pairs.append((key, try expression()))
                if !skip(symbol: ",") { break }
            }
            try expect(symbol: "}")
            return .dict(pairs)
        default:
            throw unexpected(expecting: "a value")
        }
    }

    private mutating func postfix(_ base: TemplateExpression) throws(TemplateError) -> TemplateExpression {
        var node = base
        while true {
            if skip(symbol: ".") {
                switch current {
                case .name(let name): advance(); node = .attribute(node, name)
                case .integer(let number): advance(); node = .item(node, .literal(.int(number)))
                default: throw unexpected(expecting: "an attribute name after '.'")
                }
            } else if skip(symbol: "[") {
                node = try subscription(node)
            } else if skip(symbol: "(") {
                node = .call(node, arguments: try arguments())
            } else {
                return node
            }
        }
    }

    private mutating func subscription(_ base: TemplateExpression) throws(TemplateError) -> TemplateExpression {
        var parts: [TemplateExpression?] = [nil]
        var isSlice = false
        while !isSymbol("]") {
            if skip(symbol: ":") {
                isSlice = true
                parts.append(nil)
            } else {
                guard parts[parts.count - 1] == nil else { throw unexpected(expecting: "']'") }
                parts[parts.count - 1] = try expression()
            }
        }
        try expect(symbol: "]")
        guard isSlice else {
            guard let key = parts[0] else { throw TemplateError("syntax error: empty subscript []") }
            return .item(base, key)
        }
        guard parts.count <= 3 else { throw TemplateError("syntax error: a slice has at most three parts") }
        return .slice(base, start: parts[0], stop: parts[1], step: parts.count > 2 ? parts[2] : nil)
    }

    /// Arguments after `(`, through the closing `)`.
    private mutating func arguments() throws(TemplateError) -> [TemplateExpression.Argument] {
        var result: [TemplateExpression.Argument] = []
        while !isSymbol(")") {
            if case .name(let name) = current, index + 1 < tokens.count, tokens[index + 1] == .symbol("=") {
                index += 2
                result.append(.init(name: name, value: try expression()))
            } else {
                if isSymbol("*") || isSymbol("**") { throw TemplateError.unsupported("argument unpacking", current.text) }
                result.append(.init(name: nil, value: try expression()))
            }
            if !skip(symbol: ",") { break }
        }
        try expect(symbol: ")")
        return result
    }

    /// A filter, test or plugin name, possibly qualified (`ansible.builtin.default`).
    private mutating func dottedName() throws(TemplateError) -> String {
        var name = try identifier()
        while isSymbol("."), index + 1 < tokens.count, case .name(let part) = tokens[index + 1] {
            index += 2
            name += "." + part
        }
        return name
    }

    private mutating func filters(_ base: TemplateExpression) throws(TemplateError) -> TemplateExpression {
        var node = base
        while true {
            if skip(symbol: "|") {
                let name = try dottedName()
                let arguments = skip(symbol: "(") ? try arguments() : []
                node = .filter(node, name: name, arguments: arguments)
            } else if skip(name: "is") {
                let negated = skip(name: "not")
                let name = try dottedName()
                var arguments: [TemplateExpression.Argument] = []
                if skip(symbol: "(") {
                    arguments = try self.arguments()
                } else if startsBareTestArgument {
                    // `x is divisibleby 3`, `x is sameas false`: one argument without parentheses.
                    arguments = [.init(name: nil, value: try postfix(try primary()))]
                }
                node = .test(node, name: name, arguments: arguments, negated: negated)
            } else if skip(symbol: "(") {
                node = .call(node, arguments: try arguments())
            } else {
                return node
            }
        }
    }

    private var startsBareTestArgument: Bool {
        switch current {
        case .name(let name): !["else", "or", "and", "if", "is", "in", "not"].contains(name)
        case .string, .integer, .float: true
        case .symbol(let symbol): symbol == "[" || symbol == "{"
        case .end: false
        }
    }
}
