/// One place a vault password comes from, as Ansible writes it: `label@source` (`--vault-id`,
/// `vault_identity_list`), where the source is a password file, an executable that prints the
/// password, or `prompt`; without `@` the label is `default`.
public struct VaultIdentity: Sendable, Equatable {
    public let label: String
    public let source: String
    /// How it was given (`--vault-id`, `ANSIBLE_VAULT_PASSWORD_FILE`, …), for messages.
    public let givenBy: String

    public init(label: String, source: String, givenBy: String) {
        self.label = label
        self.source = source
        self.givenBy = givenBy
    }

    /// `slug` split at its first `@` as ansible-core's `CLI.split_vault_id` does; an empty or
    /// missing label is `default`.
    public init(parsing slug: String, givenBy: String) {
        if let at = slug.firstIndex(of: "@") {
            let label = String(slug[..<at])
            self.init(label: label.isEmpty ? "default" : label, source: String(slug[slug.index(after: at)...]), givenBy: givenBy)
        } else {
            self.init(label: "default", source: slug, givenBy: givenBy)
        }
    }

    /// Whether the password is asked on the terminal (`prompt`, or `--ask-vault-pass`).
    public var isPrompt: Bool { source == "prompt" || source == Self.askVaultPass }

    /// The source `--ask-vault-pass` stands for, as in ansible-core.
    static let askVaultPass = "prompt_ask_vault_pass"

    /// The identities of a run, in the order ansible-core's `CLI.setup_vault_secrets` tries
    /// them: ansible.cfg's (or `ANSIBLE_VAULT_IDENTITY_LIST`'s) `vault_identity_list`, then each
    /// `--vault-id`, each `--vault-password-file`, ansible.cfg's (or
    /// `ANSIBLE_VAULT_PASSWORD_FILE`'s) `vault_password_file`, and last `--ask-vault-pass`.
    public static func ordered(vaultIDs: [String], passwordFiles: [String], askVaultPass: Bool, config: AnsibleConfig) -> [VaultIdentity] {
        config.vaultIdentityList.map { VaultIdentity(parsing: $0, givenBy: config.vaultIdentityListOrigin) }
            + vaultIDs.map { VaultIdentity(parsing: $0, givenBy: "--vault-id") }
            + passwordFiles.map { VaultIdentity(label: "default", source: $0, givenBy: "--vault-password-file") }
            + [config.vaultPasswordFile].compactMap { $0 }.map { VaultIdentity(label: "default", source: $0, givenBy: config.vaultPasswordFileOrigin) }
            + (askVaultPass || config.askVaultPass == true ? [VaultIdentity(label: "default", source: Self.askVaultPass, givenBy: "--ask-vault-pass")] : [])
    }
}
