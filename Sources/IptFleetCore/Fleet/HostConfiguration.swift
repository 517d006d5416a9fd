/// Everything iptfleet needs about one host, validated: how to reach it and its firewall policy.
public struct HostConfiguration: Sendable, Equatable {
    public let name: String
    public let connection: HostConnection
    public let policy: FirewallPolicy
}
