/// What the user asked for on the command line: inventory sources, the playbook directory,
/// defaults, extra vars and a host limit.
public struct FleetRequest: Sendable {
    public var inventorySources: [String]
    /// Whose `group_vars/` and `host_vars/` apply above the sources' (`PlaybookDirectory`).
    public var playbookDirectory: String?
    public var defaultsDirectory: String
    public var extraVars: [String]
    public var limit: String?
    /// What directory sources skip (ansible.cfg's `inventory_ignore_*`).
    public var inventoryIgnoreRules: InventoryIgnoreRules
    /// The vault passwords that open vault-encrypted files and `!vault` values.
    public var vault: VaultKeyring

    public init(inventorySources: [String], playbookDirectory: String? = nil, defaultsDirectory: String, extraVars: [String] = [],
                limit: String? = nil, inventoryIgnoreRules: InventoryIgnoreRules = .ansibleDefault, vault: VaultKeyring = .empty) {
        self.inventorySources = inventorySources
        self.playbookDirectory = playbookDirectory
        self.defaultsDirectory = defaultsDirectory
        self.extraVars = extraVars
        self.limit = limit
        self.inventoryIgnoreRules = inventoryIgnoreRules
        self.vault = vault
    }
}
