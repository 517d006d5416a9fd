import OrderedCollections

/// The one place where decrypted `!vault` values enter the rest of iptfleet. As in Ansible, an
/// inline vault value is decrypted only when it is used: `HostVariableTemplater` reveals a
/// variable's value when a host's configuration (or another variable's template) needs it, so a
/// value no given password opens stops nothing unless iptfleet needs it.
public enum VaultReveal {
    /// `value` with every `!vault` value in it decrypted.
    public static func revealed(_ value: VariableValue, vault: VaultKeyring) throws(InventoryError) -> VariableValue {
        switch value {
        case .vault(let text):
            return .string(try vault.decrypt(text.envelope, at: text.origin))
        case .list(let items):
            var revealedItems: [VariableValue] = []
            for item in items { revealedItems.append(try revealed(item, vault: vault)) }
            return .list(revealedItems)
        case .dict(let entries):
            var revealedEntries: OrderedDictionary<String, VariableValue> = [:]
            for (key, item) in entries { revealedEntries[key] = try revealed(item, vault: vault) }
            return .dict(revealedEntries)
        default:
            return value
        }
    }
}
