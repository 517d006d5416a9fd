import Foundation

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
        let available = Set(selected ?? inventory.hostsOfGroup("all"))
        var groups: [String: ListedGroup] = [:]
        var seen = Set<String>()
        func format(_ name: String) {
            guard let group = inventory.groups[name] else { return }
            var entry = ListedGroup()
            if name != "all" {
                let hosts = group.hosts.filter(available.contains)
                entry.hosts = hosts.isEmpty ? nil : hosts
            }
            entry.children = group.children.isEmpty ? nil : group.children
            for child in group.children where !seen.contains(child) {
                format(child)
                seen.insert(child)
            }
            if entry.hosts != nil || entry.children != nil { groups[name] = entry }
        }
        format("all")
        var hostvars: [String: [String: VariableValue]] = [:]
        for host in inventory.hostsOfGroup("all") where available.contains(host) {
            let variables = loaded.variables(forHost: host, extraVars: extraVars).plainValues
            if !variables.isEmpty { hostvars[host] = variables }
        }
        let document = ListDocument(groups: groups, meta: Meta(hostvars: hostvars))
        return Self.encode(document)
    }

    /// One host's merged variables as JSON, like `ansible-inventory --host NAME`.
    public func hostJSON(_ host: String) -> String {
        Self.encode(loaded.variables(forHost: host, extraVars: extraVars).plainValues)
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

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Our values are always encodable (non-finite floats are written as strings).
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private struct ListedGroup: Encodable {
        var hosts: [String]?
        var children: [String]?
    }

    private struct Meta: Encodable {
        let hostvars: [String: [String: VariableValue]]
        let profile = "inventory_legacy"
    }

    private struct ListDocument: Encodable {
        let groups: [String: ListedGroup]
        let meta: Meta

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, group) in groups { try container.encode(group, forKey: Key(stringValue: name)) }
            try container.encode(meta, forKey: Key(stringValue: "_meta"))
        }
    }
}
