/// A parsed Jinja2 expression (the inside of `{{ … }}`, or a condition of `{% if … %}`).
indirect enum TemplateExpression {
    /// A positional (`name` nil) or keyword argument of a filter, test or call.
    struct Argument {
        let name: String?
        let value: TemplateExpression
    }

    case literal(VariableValue)
    case name(String)
    case list([TemplateExpression])
    case dict([(key: TemplateExpression, value: TemplateExpression)])
    /// `a.b`: Jinja tries the attribute, then the item.
    case attribute(TemplateExpression, String)
    /// `a[b]`: Jinja tries the item, then the attribute.
    case item(TemplateExpression, TemplateExpression)
    /// `a[start:stop:step]`.
    case slice(TemplateExpression, start: TemplateExpression?, stop: TemplateExpression?, step: TemplateExpression?)
    /// `not`, unary `-` and `+`.
    case unary(String, TemplateExpression)
    /// Arithmetic, `~`, comparisons, `in`/`not in`, `and`, `or`.
    case binary(String, TemplateExpression, TemplateExpression)
    /// `value if condition else otherwise` (no `else`: undefined).
    case conditional(TemplateExpression, condition: TemplateExpression, otherwise: TemplateExpression?)
    case filter(TemplateExpression, name: String, arguments: [Argument])
    case test(TemplateExpression, name: String, arguments: [Argument], negated: Bool)
    /// `f(…)`: `lookup(…)`, `query(…)`, a method such as `text.split(',')`, …
    case call(TemplateExpression, arguments: [Argument])
}

/// A parsed template: text, `{{ … }}` outputs and `{% … %}` blocks.
indirect enum TemplateNode {
    case text(String)
    case output(TemplateExpression)
    case conditional(branches: [(condition: TemplateExpression, body: [TemplateNode])], otherwise: [TemplateNode])
    /// `{% for targets in iterable %}body{% else %}otherwise{% endfor %}`
    case loop(targets: [String], iterable: TemplateExpression, body: [TemplateNode], otherwise: [TemplateNode])
}
