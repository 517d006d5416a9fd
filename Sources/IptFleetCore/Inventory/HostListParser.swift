/// Reads an inline host list (`-i 'web1,web2:2222,'`, `-i 'localhost,'`) as Ansible's
/// `advanced_host_list` plugin does: comma-separated entries, each with an optional port and
/// ranges (`web[1:3],`), every host in `ungrouped`. An entry that is no valid pattern is taken
/// as a name as it stands; a host already in the inventory is left where it is.
enum HostListParser {
    /// Whether `source` (a path that does not exist) is a host list.
    static func isHostList(_ source: String) -> Bool { source.contains(",") }

    static func parse(_ list: String, into inventory: inout Inventory) throws(InventoryError) {
        let origin = VariableOrigin(file: "host list '\(list.excerpt())'", line: nil)
        for entry in list.split(separator: ",").map(\.trimmed) where !entry.isEmpty {
            let expanded = (try? HostRangeExpander.expand(entry)) ?? (hosts: [entry], port: nil)
            for host in expanded.hosts where inventory.hosts[host] == nil {
                try Inventory.checkHostName(host, origin: origin)
                inventory.addHost(host, to: "ungrouped", port: expanded.port, origin: origin)
            }
        }
    }
}
