import OrderedCollections
/// The views `ansible-inventory` gives of an inventory: `--list` (JSON), `--graph` and `--host`.
public struct InventoryListing {
    public let loaded: LoadedInventory
    public let extraVars: VariableSet

    public init(_ loaded: LoadedInventory, extraVars: VariableSet = [:]) {
        self.loaded = loaded
        self.extraVars = extraVars
    }

    private var inventory: Inventory { loaded.inventory }

    /// JSON of the same shape as `ansible-inventory --list`: one object per non-empty group with
    /// its direct `hosts` and `children`, and `_meta.hostvars` with every host's merged variables.
    /// `hosts` limits the listing (as `--limit` does); nil lists every host.
    public func listJSON(hosts selected: [String]? = nil) -> String {
        String(decoding: listJSONBytes(hosts: selected), as: UTF8.self)
    }

    /// `listJSON` as UTF-8 bytes (megabytes for a large fleet: no need to make a String of them).
    public func listJSONBytes(hosts selected: [String]? = nil) -> [UInt8] {
        let available = Set(selected ?? inventory.hostsOfGroup("all"))
        var document: OrderedDictionary<String, VariableValue> = [:]
        var seen = Set<String>()
        func format(_ name: String) {
            guard let group = inventory.groups[name] else { return }
            var entry: OrderedDictionary<String, VariableValue> = [:]
            if name != "all" {
                let hosts = group.hosts.filter(available.contains)
                if !hosts.isEmpty { entry["hosts"] = .list(hosts.map(VariableValue.string)) }
            }
            if !group.children.isEmpty { entry["children"] = .list(group.children.map(VariableValue.string)) }
            for child in group.children where !seen.contains(child) {
                format(child)
                seen.insert(child)
            }
            if !entry.isEmpty { document[name] = .dict(entry) }
        }
        format("all")
        var hostvars: OrderedDictionary<String, VariableValue> = [:]
        for (host, variables) in loaded.variablesOfAllHosts(extraVars: extraVars) where available.contains(host) && !variables.isEmpty {
            hostvars[host] = variables.plainMapping
        }
        document["_meta"] = .dict(["hostvars": .dict(hostvars), "profile": .string("inventory_legacy")])
        return AnsibleJSON.bytes(.dict(document))
    }

    /// One host's merged variables as JSON, like `ansible-inventory --host NAME`.
    public func hostJSON(_ host: String) -> String {
        AnsibleJSON.write(loaded.variables(forHost: host, extraVars: extraVars).plainMapping)
    }

    /// The group tree as `ansible-inventory --graph` draws it.
    public func graph(from group: String = "all") -> String {
        var lines: [String] = []
        func draw(_ name: String, depth: Int) {
            lines.append(Self.indent("@\(name):", depth))
            guard let group = inventory.groups[name] else { return }
            for child in group.children { draw(child, depth: depth + 1) }
            if name != "all" {
                for host in group.hosts { lines.append(Self.indent(host, depth + 1)) }
            }
        }
        draw(group, depth: 0)
        return lines.joined(separator: "\n")
    }

    private static func indent(_ name: String, _ depth: Int) -> String {
        depth == 0 ? name : String(repeating: "  |", count: depth) + "--" + name
    }
}
