import Foundation

/// Reads one or more inventory sources (INI files, or directories of them) with the
/// `group_vars/` and `host_vars/` next to each, as `ansible-inventory -i A -i B` does.
public struct InventoryLoader: Sendable {
    /// File endings Ansible skips when a source is a directory.
    static let ignoredExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry"]
    /// File endings of YAML/JSON inventories, which iptfleet does not read.
    static let unsupportedExtensions = [".yml", ".yaml", ".json"]

    public init() {}

    public func load(sources: [String]) throws(InventoryError) -> LoadedInventory {
        guard !sources.isEmpty else { throw InventoryError(origin: nil, message: "no inventory given (use -i FILE)") }
        var inventory = Inventory()
        var baseDirectories: [String] = []
        for source in sources {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw InventoryError(origin: VariableOrigin(file: source, line: nil), message: "inventory source not found")
            }
            let files = isDirectory.boolValue ? try inventoryFiles(inDirectory: source) : [source]
            for file in files { try parse(file, into: &inventory) }
            baseDirectories.append(isDirectory.boolValue ? source : (source as NSString).deletingLastPathComponent)
        }
        try inventory.reconcile()
        return try LoadedInventory(inventory: inventory, baseDirectories: baseDirectories.map { $0.isEmpty ? "." : $0 })
    }

    private func parse(_ file: String, into inventory: inout Inventory) throws(InventoryError) {
        if Self.unsupportedExtensions.contains(where: { file.hasSuffix($0) }) {
            throw InventoryError(origin: VariableOrigin(file: file, line: nil), message: "iptfleet reads INI inventories only; YAML and JSON inventory files are not supported")
        }
        try IniInventoryParser(path: file).parse(try InputFile.read(file), into: &inventory)
    }

    private func inventoryFiles(inDirectory directory: String) throws(InventoryError) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        return entries.filter { entry in
            !entry.hasPrefix(".") && entry != "group_vars" && entry != "host_vars"
                && !Self.ignoredExtensions.contains { entry.hasSuffix($0) }
        }.map { (directory as NSString).appendingPathComponent($0) }
    }
}
