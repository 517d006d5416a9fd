import Foundation

/// Reads one or more inventory sources with the `group_vars/` and `host_vars/` next to each, as
/// `ansible-inventory -i A -i B` does with its default plugins: a host list (`a,b,`), a
/// directory (its entries in sorted order, recursively), an executable inventory script, a YAML
/// or JSON inventory, an inventory plugin's configuration (through `ansible-inventory`), or INI.
public struct InventoryLoader: Sendable {
    /// File endings the `yaml` plugin reads; a file without an ending is tried as YAML, then INI.
    static let yamlExtensions = [".yml", ".yaml", ".json"]
    /// How deep directory sources may nest (a symbolic link to a parent would never end).
    static let maximumDirectoryDepth = 16

    /// `ansible-inventory`, to read inventory plugin configurations with; nil when not installed.
    let ansibleInventory: String?
    /// Which entries of a directory source are skipped.
    let ignoreRules: InventoryIgnoreRules
    /// Opens vault-encrypted inventory and vars files.
    let vault: VaultKeyring

    public init(ansibleInventory: String? = Self.ansibleInventoryInPath(), ignoreRules: InventoryIgnoreRules = .ansibleDefault, vault: VaultKeyring = .empty) {
        self.ansibleInventory = ansibleInventory
        self.ignoreRules = ignoreRules
        self.vault = vault
    }

    /// The first `ansible-inventory` in `PATH`, if any.
    public static func ansibleInventoryInPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        (environment["PATH"] ?? "").split(separator: ":").map { $0 + "/ansible-inventory" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What reading the sources gathers besides the inventory.
    private struct Gathered {
        var inventory = Inventory()
        var warnings: [String] = []
        var notes: [String] = []
    }

    /// Reads `sources`; `playbookDirectory` (ansible-inventory's `--playbook-dir`) adds the
    /// `group_vars/` and `host_vars/` beside a playbook, above those beside the sources.
    public func load(sources: [String], playbookDirectory: String? = nil) throws(InventoryError) -> LoadedInventory {
        guard !sources.isEmpty else { throw InventoryError(origin: nil, message: "no inventory given (use -i FILE)") }
        var gathered = Gathered()
        var baseDirectories: [String] = []
        for source in sources {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
                guard HostListParser.isHostList(source) else {
                    throw InventoryError(origin: VariableOrigin(file: source, line: nil), message: "inventory source not found")
                }
                // A host list has no directory of group_vars/host_vars.
                try HostListParser.parse(source, into: &gathered.inventory)
                continue
            }
            try read(source, depth: 0, into: &gathered)
            baseDirectories.append(isDirectory.boolValue ? source : (source as NSString).deletingLastPathComponent)
        }
        try gathered.inventory.reconcile()
        return try LoadedInventory(inventory: gathered.inventory, baseDirectories: baseDirectories.map { $0.isEmpty ? "." : $0 },
                                   playbookDirectory: playbookDirectory,
                                   sourceWarnings: gathered.warnings, notes: gathered.notes, vault: vault)
    }

    /// Reads a file source, or every entry of a directory source in sorted order.
    private func read(_ path: String, depth: Int, into gathered: inout Gathered) throws(InventoryError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return try parse(path, into: &gathered)
        }
        guard depth < Self.maximumDirectoryDepth else {
            throw InventoryError(origin: VariableOrigin(file: path, line: nil), message: "inventory directories nest more than \(Self.maximumDirectoryDepth) levels deep (a symbolic link to a parent directory?)")
        }
        // Python's sorted(): code point order, which is UTF-8 byte order.
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for entry in entries where !ignoreRules.ignores(entry) {
            try read((path as NSString).appendingPathComponent(entry), depth: depth + 1, into: &gathered)
        }
    }

    /// Reads one file with the first of Ansible's default plugins that accepts it.
    private func parse(_ file: String, into gathered: inout Gathered) throws(InventoryError) {
        if Self.isScript(file) {
            return try InventoryProgram.script(file).load(into: &gathered.inventory)
        }
        let fileExtension = Self.fileExtension(of: file)
        // A vault-encrypted inventory is decrypted first, as Ansible's yaml and ini plugins do.
        let (text, decrypted) = try VaultFile.read(file, vault: vault)
        guard decrypted else { return try parse(text, file: file, fileExtension: fileExtension, into: &gathered) }
        try VaultFile.withholdingErrors(in: file) { () throws(InventoryError) in try parse(text, file: file, fileExtension: fileExtension, into: &gathered) }
        gathered.inventory.markVaulted(file: file)
    }

    /// Reads the text of a YAML, JSON or INI inventory, or of an inventory plugin's configuration.
    private func parse(_ text: String, file: String, fileExtension: String, into gathered: inout Gathered) throws(InventoryError) {
        guard fileExtension.isEmpty || Self.yamlExtensions.contains(fileExtension) else {
            return try IniInventoryParser(path: file).parse(text, into: &gathered.inventory)
        }
        guard let (document, _) = YamlInventoryParser.document(text, path: file) else {
            // Not a YAML mapping: a file without an ending is INI; a .yml one gets the YAML error.
            if fileExtension.isEmpty { return try IniInventoryParser(path: file).parse(text, into: &gathered.inventory) }
            return try YamlInventoryParser(path: file).parse(text, into: &gathered.inventory, warnings: &gathered.warnings)
        }
        guard let plugin = YamlInventoryParser.pluginName(of: document) else {
            return try YamlInventoryParser(path: file).parse(text, into: &gathered.inventory, warnings: &gathered.warnings)
        }
        guard let ansibleInventory else {
            throw InventoryError(origin: VariableOrigin(file: file, line: nil),
                                 message: "configures the inventory plugin '\(plugin.excerpt())', which only Ansible can run; install ansible-core so that ansible-inventory is in PATH, or write the inventory out once with 'ansible-inventory -i \(file) --list -y > hosts.yml' and use that file")
        }
        // `constructed` makes groups and variables from the hosts read before it; run on its own
        // through ansible-inventory it sees none, and its groups would be silently missing.
        if Self.constructedPlugins.contains(plugin), !gathered.inventory.hosts.isEmpty {
            throw InventoryError(origin: VariableOrigin(file: file, line: nil),
                                 message: "configures the inventory plugin '\(plugin)', which builds groups from the hosts of the sources read before it; iptfleet can only run it on its own, where it would see no host, so its groups would be missing: write the whole inventory out once with 'ansible-inventory -i … --list -y > hosts.yml' (all your -i, in order) and use that file")
        }
        try InventoryProgram(source: file, executable: ansibleInventory, arguments: ["-i", file]).load(into: &gathered.inventory)
        gathered.notes.append("\(file): read through '\(ansibleInventory) -i \(file) --list' (it configures the inventory plugin '\(plugin.excerpt())')")
    }

    /// The plugin that works on the inventory read so far, under the names Ansible knows it by.
    static let constructedPlugins: Set<String> = ["constructed", "ansible.builtin.constructed"]

    /// Whether `file` is an inventory script: executable, and a program (`#!` or ELF), not an
    /// INI file with the executable bit set (which Ansible, failing to run it, reads as INI).
    static func isScript(_ file: String) -> Bool {
        var status = stat()
        guard stat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(file, X_OK) == 0, let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 4)) ?? Data()
        return start.starts(with: Array("#!".utf8)) || start.starts(with: [0x7F, 0x45, 0x4C, 0x46])
    }

    /// The ending as Python's `os.path.splitext` gives it: from the last dot of the file name,
    /// not counting leading dots (`hosts.yml` → `.yml`, `.hosts` → ``).
    static func fileExtension(of file: String) -> String {
        let name = (file as NSString).lastPathComponent.drop { $0 == "." }
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[dot...])
    }
}
