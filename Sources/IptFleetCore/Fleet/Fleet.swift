/// A validated fleet: the inventory, the hosts selected by the limit, and a checked
/// configuration for each of them.
public struct Fleet: Sendable {
    public let loaded: LoadedInventory
    public let extraVars: VariableSet
    /// Selected hosts' configurations, in inventory order.
    public let configurations: [HostConfiguration]
    /// Non-fatal problems (near-miss variable names, vars files that match nothing, errors on
    /// hosts outside the limit).
    public let warnings: [String]

    public var hostNames: [String] { configurations.map(\.name) }
}

/// Why a fleet could not be loaded: unreadable or malformed input, or bad values. Every problem
/// found is listed, not just the first.
public struct FleetError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}
