/// Why a template could not be rendered: a syntax error, an undefined variable, a type error,
/// a filter, test or lookup iptfleet does not support, or a loop between variables.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The variable whose template failed and where it was set, once known (the innermost
    /// variable when one template uses another).
    public let variable: String?
    public let origin: VariableOrigin?
    /// The error comes from using an undefined value: a variable whose template fails this way
    /// is itself undefined to the templates that use it (so `default` and `is defined` apply).
    let isUndefined: Bool

    public init(_ message: String, variable: String? = nil, origin: VariableOrigin? = nil) {
        self.init(message, variable: variable, origin: origin, isUndefined: false)
    }

    init(_ message: String, variable: String?, origin: VariableOrigin?, isUndefined: Bool) {
        self.message = message
        self.variable = variable
        self.origin = origin
        self.isUndefined = isUndefined
    }

    /// `file:line: variable 'name': message` once located, else the message.
    public var description: String {
        guard let variable else { return message }
        return (origin.map { "\($0): " } ?? "") + "cannot template '\(variable)': " + message
    }

    /// The error located at `variable` (set at `origin`) unless it already is.
    func located(variable: String, origin: VariableOrigin) -> TemplateError {
        self.variable == nil ? TemplateError(message, variable: variable, origin: origin, isUndefined: isUndefined) : self
    }

    /// A construct outside the supported set, named so that the user can find it.
    static func unsupported(_ kind: String, _ name: String) -> TemplateError {
        TemplateError("\(kind) '\(name)' is not supported by iptfleet (see Docs/variables.md, Templating)")
    }
}
