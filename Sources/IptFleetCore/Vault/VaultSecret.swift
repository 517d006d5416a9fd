/// One vault password with its vault id (the label a 1.2 envelope names) and where it came
/// from. It prints as its label and source only, never as the password.
public struct VaultSecret: Sendable, CustomStringConvertible {
    public let label: String
    /// Where the password came from, for messages: `--vault-password-file /path`, `prompt`, ….
    public let source: String
    let password: [UInt8]

    public init(label: String, source: String, password: [UInt8]) {
        self.label = label
        self.source = source
        self.password = password
    }

    public var description: String { "vault id '\(label)' (\(source))" }
}
