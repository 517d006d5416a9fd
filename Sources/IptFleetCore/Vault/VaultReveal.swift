/// The one place where decrypted `!vault` values enter the rest of iptfleet. As in Ansible, an
/// inline vault value is decrypted only when it is used: here, when it is one of the variables
/// iptfleet reads to build a host's configuration. Other variables stay encrypted, so a value
/// no given password opens stops nothing unless iptfleet needs it.
public enum VaultReveal {
    /// The variables iptfleet reads: those `HostConfigurationBuilder` knows, but not the login
    /// and become passwords, which iptfleet does not use.
    public static let usedVariables = HostConfigurationBuilder.knownVariables
        .subtracting(ConnectionVariableAliases.password + ["ansible_become_password"])

    /// `variables` with the `!vault` values of `usedVariables` decrypted (strings, as Ansible
    /// gives them) and marked `isVaulted`, and an error for each that could not be decrypted
    /// (that variable is left out).
    public static func revealed(_ variables: VariableSet, vault: VaultKeyring) -> (VariableSet, errors: [InventoryError]) {
        var result = variables
        var errors: [InventoryError] = []
        for (name, variable) in variables where usedVariables.contains(name) && variable.value.containsVault {
            do {
                result[name] = Variable(try revealed(variable.value, vault: vault), origin: variable.origin,
                                        elementLines: variable.elementLines, isVaulted: true)
            } catch {
                result[name] = nil
                errors.append(error)
            }
        }
        return (result, errors.sorted { $0.description < $1.description })
    }

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
            var revealedEntries: [String: VariableValue] = [:]
            for (key, item) in entries { revealedEntries[key] = try revealed(item, vault: vault) }
            return .dict(revealedEntries)
        default:
            return value
        }
    }
}
