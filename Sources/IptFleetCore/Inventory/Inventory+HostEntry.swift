extension Inventory {
    /// Adds the hosts one entry stands for (`web[01:20].example.com:2222`) to `group`, as
    /// Ansible's `_expand_hostpattern` reads an INI host line's first word or a YAML `hosts:` key;
    /// returns their names. A name iptfleet cannot use is an error at `origin`.
    @discardableResult
    mutating func addHosts(entry: String, to group: String, origin: VariableOrigin) throws(InventoryError) -> [String] {
        let expanded: (hosts: [String], port: Int?)
        do {
            expanded = try HostRangeExpander.expand(entry)
        } catch {
            throw InventoryError(origin: origin, message: error.description)
        }
        for host in expanded.hosts {
            try Self.checkHostName(host, origin: origin)
            addHost(host, to: group, port: expanded.port, origin: origin)
        }
        return expanded.hosts
    }

    /// Refuses a host name iptfleet cannot put into files and paths (see `HostName`).
    static func checkHostName(_ host: String, origin: VariableOrigin) throws(InventoryError) {
        if let problem = HostName.problem(with: host) {
            throw InventoryError(origin: origin, message: "invalid host name '\(host.excerpt())': \(problem)")
        }
    }
}
