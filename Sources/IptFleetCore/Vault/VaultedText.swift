/// An inline `!vault` value as read from a YAML file: the vault envelope and where it was
/// written. As in Ansible it stays encrypted until used (`VaultReveal`); listings show it as
/// ansible-inventory does, `{"__ansible_vault": "<envelope>"}`.
public struct VaultedText: Sendable, Hashable {
    public let envelope: String
    public let origin: VariableOrigin

    public init(envelope: String, origin: VariableOrigin) {
        self.envelope = envelope
        self.origin = origin
    }

    /// The key ansible-inventory writes an encrypted value under.
    static let jsonKey = "__ansible_vault"
}
