/// Hosts, groups and the variables set on them in inventory files, with Ansible's rules for
/// membership: every group descends from `all`, a host in no other group is in `ungrouped`, and
/// group parent/child links never form a cycle.
public struct Inventory: Sendable {
    /// A group: its direct hosts and children, in the order the inventory gives them.
    public struct Group: Sendable {
        public let name: String
        public internal(set) var hosts: [String] = []
        public internal(set) var children: [String] = []
        public internal(set) var parents: [String] = []
        public internal(set) var variables: VariableSet = [:]
        /// `ansible_group_priority`: among groups of the same depth, a higher one wins.
        public internal(set) var priority = 1
        /// Length of the longest path from `all` (0 for `all`), as Ansible computes it.
        public internal(set) var depth = 0
        /// Where the group was first declared.
        public internal(set) var origin: VariableOrigin?
    }

    /// A host with the variables set on it in inventory files (not group_vars/host_vars).
    public struct Host: Sendable {
        public let name: String
        public internal(set) var variables: VariableSet = [:]
        /// Groups that list the host directly.
        public internal(set) var groups: [String] = []
        public internal(set) var origin: VariableOrigin?
    }

    public private(set) var groups: [String: Group] = [:]
    /// Group names in the order they were first seen (`all` and `ungrouped` first).
    public private(set) var groupNames: [String] = []
    public private(set) var hosts: [String: Host] = [:]
    /// Host names in the order they were first seen.
    public private(set) var hostNames: [String] = []

    public init() {
        addGroup("all", origin: nil)
        addGroup("ungrouped", origin: nil)
        groups["all"]?.children = ["ungrouped"]
        groups["ungrouped"]?.parents = ["all"]
    }

    mutating func addGroup(_ name: String, origin: VariableOrigin?) {
        guard groups[name] == nil else { return }
        groups[name] = Group(name: name, origin: origin)
        groupNames.append(name)
    }

    mutating func addHost(_ name: String, to group: String, port: Int?, origin: VariableOrigin) {
        if hosts[name] == nil {
            var host = Host(name: name, origin: origin)
            if let port { host.variables["ansible_port"] = Variable(.int(port), origin: origin) }
            hosts[name] = host
            hostNames.append(name)
        }
        // The host's own (short) group list tells membership without scanning the group.
        if groups[group] != nil, hosts[name]?.groups.contains(group) == false {
            groups[group]?.hosts.append(name)
            hosts[name]?.groups.append(group)
        }
    }

    mutating func setHostVariable(_ host: String, _ name: String, _ variable: Variable) {
        hosts[host]?.variables[name] = variable
    }

    /// Marks the variables that `file`, a decrypted vault file, set as decrypted from a vault.
    mutating func markVaulted(file: String) {
        func marked(_ variables: VariableSet) -> VariableSet {
            variables.mapValues { $0.origin.file == file ? Variable($0.value, origin: $0.origin, elementLines: $0.elementLines, isVaulted: true) : $0 }
        }
        for (name, host) in hosts { hosts[name]?.variables = marked(host.variables) }
        for (name, group) in groups { groups[name]?.variables = marked(group.variables) }
    }

    mutating func setGroupVariable(_ group: String, _ name: String, _ variable: Variable) throws(InventoryError) {
        if name == "ansible_group_priority" {
            guard let priority = variable.value.settingInteger else {
                throw InventoryError(origin: variable.origin, message: "ansible_group_priority must be an integer, got \(variable.value.typeDescription)")
            }
            groups[group]?.priority = priority
        } else {
            groups[group]?.variables[name] = variable
        }
    }

    /// The most groups above any group. Real inventories nest a handful of levels; the limit
    /// keeps the loop check of every new edge, which walks the ancestors, cheap.
    static let maximumAncestors = 1_000

    /// Makes `child` a child of `parent`; an edge that would close a loop is an error.
    mutating func addChild(_ child: String, to parent: String, origin: VariableOrigin) throws(InventoryError) {
        guard child != parent else {
            throw InventoryError(origin: origin, message: "group '\(parent)' cannot be a child of itself")
        }
        guard groups[parent]?.children.contains(child) == false else { return }
        let above = ancestors(of: parent, limit: Self.maximumAncestors)
        if above.contains(child) {
            throw InventoryError(origin: origin, message: "adding group '\(child)' as a child of '\(parent)' creates a dependency loop (\(child) is already an ancestor of \(parent))")
        }
        if above.count >= Self.maximumAncestors {
            throw Self.tooDeep(child, origin: origin)
        }
        groups[parent]?.children.append(child)
        if groups[child]?.parents.contains(parent) == false { groups[child]?.parents.append(parent) }
    }

    static func tooDeep(_ group: String, origin: VariableOrigin?) -> InventoryError {
        InventoryError(origin: origin, message: "group '\(group)' would have more than \(maximumAncestors) ancestor groups; iptfleet refuses nesting this deep")
    }

    /// Every group above `group`, excluding itself.
    public func ancestors(of group: String) -> Set<String> {
        ancestors(of: group, limit: .max)
    }

    /// The groups above `group`, the walk stopping once it has found `limit` of them.
    func ancestors(of group: String, limit: Int) -> Set<String> {
        var seen = Set<String>()
        var pending = groups[group]?.parents ?? []
        while let next = pending.popLast(), seen.count < limit {
            if seen.insert(next).inserted { pending += groups[next]?.parents ?? [] }
        }
        return seen
    }

    /// Applies Ansible's membership rules after a source is read: top-level groups become children
    /// of `all`, hosts in no group go to `ungrouped` (and leave it when they are in another group),
    /// and depths are recomputed (a group nested too deep is an error).
    mutating func reconcile() throws(InventoryError) {
        for name in groupNames where name != "all" && groups[name]?.parents.isEmpty == true {
            groups["all"]?.children.append(name)
            groups[name]?.parents.append("all")
        }
        var leavingUngrouped = Set<String>()
        for name in hostNames {
            guard let host = hosts[name] else { continue }
            let others = host.groups.filter { $0 != "all" && $0 != "ungrouped" }
            if host.groups.contains("ungrouped"), !others.isEmpty {
                leavingUngrouped.insert(name)
                hosts[name]?.groups.removeAll { $0 == "ungrouped" }
            } else if others.isEmpty, !host.groups.contains("ungrouped") {
                addHost(name, to: "ungrouped", port: nil, origin: host.origin ?? .commandLine)
            }
        }
        groups["ungrouped"]?.hosts.removeAll { leavingUngrouped.contains($0) }
        try computeDepths()
    }

    /// Each group's longest distance from `all`, parents before children (Kahn's topological
    /// order, without recursion); a group deeper than `maximumAncestors` is an error.
    private mutating func computeDepths() throws(InventoryError) {
        var depths = ["all": 0]
        var waiting = groups.mapValues(\.parents.count)
        var ready = ["all"]
        while let name = ready.popLast() {
            let depth = depths[name] ?? 0
            if depth > Self.maximumAncestors { throw Self.tooDeep(name, origin: groups[name]?.origin) }
            for child in groups[name]?.children ?? [] {
                depths[child] = max(depths[child] ?? 0, depth + 1)
                waiting[child, default: 0] -= 1
                if waiting[child] == 0 { ready.append(child) }
            }
        }
        for name in groupNames { groups[name]?.depth = depths[name] ?? 0 }
    }

    /// The groups a host belongs to, directly or through parents, excluding `all`; sorted as
    /// Ansible merges their variables: by depth, then priority, then name.
    public func sortedGroups(ofHost name: String) -> [Group] {
        var seen = Set<String>()
        for group in hosts[name]?.groups ?? [] {
            seen.insert(group)
            seen.formUnion(ancestors(of: group))
        }
        seen.remove("all")
        return seen.compactMap { groups[$0] }.sorted {
            ($0.depth, $0.priority) < ($1.depth, $1.priority) || (($0.depth, $0.priority) == ($1.depth, $1.priority) && $0.name < $1.name)
        }
    }

    /// Hosts of `group` and of all its descendants, in Ansible's order (the group's own hosts
    /// first, then its descendants' breadth-first), without duplicates.
    public func hostsOfGroup(_ group: String) -> [String] {
        var orderedGroups = [group]
        var seen: Set<String> = [group]
        var frontier = [group]
        while !frontier.isEmpty {
            var next: [String] = []
            for name in frontier {
                for child in groups[name]?.children ?? [] where seen.insert(child).inserted {
                    orderedGroups.append(child)
                    next.append(child)
                }
            }
            frontier = next
        }
        var result: [String] = []
        var seenHosts = Set<String>()
        for name in orderedGroups {
            for host in groups[name]?.hosts ?? [] where seenHosts.insert(host).inserted { result.append(host) }
        }
        return result
    }
}
