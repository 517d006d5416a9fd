/// A bad or suspicious variable value on one host: which host, which variable, where it was
/// set, and what is wrong.
public struct ConfigurationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let variable: String
    public let origin: VariableOrigin?
    public let message: String

    public var description: String {
        let location = origin.map { "\($0): " } ?? ""
        return TerminalText.escaped("\(location)host '\(host)': \(variable): \(message)")
    }

    /// The variable's name without an item or key (`rules` for `rules[2].port`).
    var rootVariable: String {
        String(variable.prefix { $0 != "[" && $0 != "." })
    }
}
