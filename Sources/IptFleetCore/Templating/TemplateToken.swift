/// One token of a Jinja2 expression.
enum TemplateToken: Equatable {
    case name(String)
    case string(String)
    case integer(Int)
    case float(Double)
    /// An operator or punctuation: `+`, `//`, `==`, `(`, `|`, `.`, …
    case symbol(String)
    /// The end of the expression (`}}`, `%}`) or of the text.
    case end

    var text: String {
        switch self {
        case .name(let name): name
        case .string(let text): "'\(text)'"
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .symbol(let symbol): symbol
        case .end: "the end of the expression"
        }
    }
}
