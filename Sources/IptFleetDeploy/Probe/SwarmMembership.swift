/// What a Docker host told the probe about its swarm: its role, its own address, the managers'
/// and overlay peers' addresses, and (on a manager) every node of the swarm with its state.
public struct SwarmMembership: Sendable, Equatable {
    /// One node as a manager lists it (`docker node inspect`).
    public struct Node: Sendable, Equatable {
        public let hostname: String
        public let address: String
        /// `ready`, `down`, `unknown`, `disconnected`, as Docker writes it.
        public let state: String
        /// `reachable` or `unreachable` for a manager; nil for a worker.
        public let managerReachability: String?

        public var isManager: Bool { managerReachability != nil }
        public var isHealthy: Bool { state == "ready" && (managerReachability ?? "reachable") == "reachable" }
    }

    /// `docker info`'s `LocalNodeState`.
    public enum LocalNodeState: String, Sendable, Equatable {
        case inactive, pending, active, error, locked
    }

    /// nil when the host has no Docker, or Docker named a state this list does not know.
    public var localState: LocalNodeState?
    public var isManager = false
    public var nodeAddress: String?
    /// The managers' addresses as this node knows them (without the port).
    public var managerAddresses: [String] = []
    /// Every node, when this host is a manager.
    public var nodes: [Node] = []
    /// Why this manager could not list the nodes (no leader, no quorum); nil when it could.
    public var nodeListError: String?
    /// The nodes this host shares an overlay network with (`docker network inspect -v`'s peers).
    public var overlayPeers: [String] = []

    public var isActive: Bool { localState == .active }

    /// The addresses of the other swarm members this host talks to.
    public var peerAddresses: [String] {
        var peers: [String] = []
        for address in managerAddresses + nodes.map(\.address) + overlayPeers where address != nodeAddress && !peers.contains(address) {
            peers.append(address)
        }
        return peers
    }

    /// Managers (other than this host) that are not ready and reachable, as `name (state)`;
    /// this manager itself when it cannot list the nodes.
    public var unhealthyManagers: [String] {
        let lost = isManager ? nodeListError.map { ["this manager cannot list the swarm's nodes (\($0))"] } ?? [] : []
        return lost + nodes.filter { $0.isManager && !$0.isHealthy && $0.address != nodeAddress }
            .map { "\($0.hostname) (\($0.state), \($0.managerReachability ?? ""))" }
    }
}
