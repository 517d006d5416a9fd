/// Refuses control characters (newline, CR, ESC, NUL…) in the variables that say how to reach a
/// host: their values end up in log lines, in error messages and on the ssh command line of a
/// jump, where a newline would forge a log line and an escape sequence would drive the terminal.
enum ConnectionVariableCheck {
    static let names = ([HostVariable.becomeUser, .sshCommonArgs, .sshExtraArgs, .connection] + ConnectionVariableAliases.host
        + ConnectionVariableAliases.port + ConnectionVariableAliases.user + ConnectionVariableAliases.privateKeyFile).map(\.rawValue)

    /// An issue, at the variable's file and line, for each connection variable of `host` whose
    /// string value holds a control character.
    static func issues(host: String, variables: VariableSet) -> [ConfigurationIssue] {
        names.compactMap { name in
            guard let variable = variables[name], case .string(let text) = variable.value,
                  let control = text.unicodeScalars.first(where: TerminalText.isControl)
            else { return nil }
            return ConfigurationIssue(host: host, variable: name, origin: variable.origin,
                                      message: "contains a control character (\(TerminalText.escaped(String(control)))): connection variables must be printable text")
        }
    }
}
