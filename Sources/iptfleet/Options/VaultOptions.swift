import ArgumentParser
import IptFleetCore
import IptFleetSSH

/// Where the passwords of Ansible Vault data come from, spelt as in ansible-playbook. They add to
/// ansible.cfg's `vault_identity_list` and `vault_password_file` (or `ANSIBLE_VAULT_IDENTITY_LIST`
/// and `ANSIBLE_VAULT_PASSWORD_FILE`), in Ansible's order (`VaultIdentity.ordered`).
struct VaultOptions: ParsableArguments {
    @Option(name: .customLong("vault-id"), help: ArgumentHelp("A vault password: [LABEL@]FILE, [LABEL@]SCRIPT or [LABEL@]prompt (repeatable).", valueName: "id"))
    var vaultIDs: [String] = []

    @Option(name: [.customLong("vault-password-file"), .customLong("vault-pass-file")],
            help: ArgumentHelp("A file holding the vault password, or a script printing it (repeatable).", valueName: "file"))
    var vaultPasswordFiles: [String] = []

    @Flag(name: [.customShort("J"), .customLong("ask-vault-password"), .customLong("ask-vault-pass")], help: "Ask for the vault password on the terminal.")
    var askVaultPass = false

    func validate() throws {
        if askVaultPass, !vaultPasswordFiles.isEmpty {
            throw ValidationError("--ask-vault-pass and --vault-password-file cannot be used together (as in Ansible)")
        }
    }

    /// The vault passwords, read now (scripts run, prompts asked) as Ansible reads them before
    /// it loads anything; a source that fails is a warning while another gives a password.
    func keyring(_ config: AnsibleConfig) throws -> VaultKeyring {
        let identities = VaultIdentity.ordered(vaultIDs: vaultIDs, passwordFiles: vaultPasswordFiles, askVaultPass: askVaultPass, config: config)
        guard !identities.isEmpty else { return .empty }
        let reader = VaultPasswordReader { prompt in try SSHSecret.readFromTerminal(prompt: prompt).revealedForVault }
        do {
            let (keyring, warnings) = try reader.keyring(identities)
            for warning in warnings { Console.warning(warning) }
            return keyring
        } catch {
            throw InputError(error.description, note: InputError.nothingSent)
        }
    }
}
