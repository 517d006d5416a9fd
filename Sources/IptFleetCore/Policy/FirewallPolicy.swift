/// What the firewall on one host must do: the typed, validated form of the variables of
/// Docs/design.md, variables (upstream iptables-docker names) and iptfleet's extensions.
public struct FirewallPolicy: Sendable, Equatable {
    /// Which iptables the host-side script uses (`iptables_backend`).
    public enum Backend: String, Sendable, CaseIterable {
        case auto, nft, legacy
    }

    /// The transport protocols a rule may name (`proto`).
    public enum TransportProtocol: String, Sendable, CaseIterable {
        case tcp, udp, sctp, udplite, dccp
    }

    /// An inbound allow rule (`iptables_allow_rules`) or a published-port rule
    /// (`docker_published_rules`).
    public struct Rule: Sendable, Equatable {
        public let description: String
        public let proto: TransportProtocol
        public let ports: PortSpec
        public let sources: SourceSet
    }

    /// Keep Docker's chains and rules when the firewall (re)starts (`docker_preserve`).
    public let dockerPreserve: Bool
    /// Open the swarm ports to `swarmSources` (`swarm_enabled`, `swarm_cidr`).
    public let swarmEnabled: Bool
    public let swarmSources: SourceSet
    /// Also accept ESP (IP protocol 50) from the swarm peers, for encrypted overlay networks
    /// (`swarm_overlay_encryption`).
    public let swarmOverlayEncryption: Bool
    /// The SSH port that stays open: the port the controller connects to (`ansible_port`).
    public let sshPort: Int
    public let sshSources: SourceSet
    /// Accept ICMP echo-request and time-exceeded (`ebable_icmp_messages`).
    public let icmpEnabled: Bool
    public let allowRules: [Rule]
    /// Who may reach published container ports; empty means Docker's default (everyone).
    public let publishedRules: [Rule]
    /// The host is to be uninstalled (`iptables_docker_uninstall`).
    public let uninstall: Bool
    /// Services disabled on install and re-enabled on uninstall (`firewall_services`).
    public let firewallServices: [String]
    public let backend: Backend
    /// Also firewall IPv6 with ip6tables when the host has it (`iptables_ipv6`).
    public let ipv6: Bool
    /// How many rule backups the host keeps (`iptables_backup_keep`).
    public let backupKeep: Int
}

/// The sources a rule admits, split by address family. `0.0.0.0/0` (or `::/0`) means anyone,
/// over IPv4 and IPv6; otherwise each family admits only the networks listed for it.
public struct SourceSet: Sendable, Equatable {
    public let networks: [CIDR]

    public init(_ networks: [CIDR]) { self.networks = networks }

    public var isAnywhere: Bool { networks.contains(where: \.isAnywhere) }

    /// Networks for iptables (IPv4); `0.0.0.0/0` when anyone is admitted.
    public var ipv4: [String] {
        isAnywhere ? ["0.0.0.0/0"] : networks.filter { $0.family == .ipv4 }.map(\.description)
    }

    /// Networks for ip6tables (IPv6); `::/0` when anyone is admitted.
    public var ipv6: [String] {
        isAnywhere ? ["::/0"] : networks.filter { $0.family == .ipv6 }.map(\.description)
    }
}
