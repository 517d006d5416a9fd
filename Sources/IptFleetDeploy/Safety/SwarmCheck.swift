import IptFleetCore

/// Refuses a policy that would cut a swarm node off its peers: a host in a swarm needs
/// `swarm_enabled`, and `swarm_cidr` must admit every peer address the node knows.
enum SwarmCheck {
    static func refusal(_ swarm: SwarmMembership, policy: FirewallPolicy) -> String? {
        guard swarm.isActive else { return nil }
        let role = swarm.isManager ? "manager" : "worker"
        guard policy.swarmEnabled else {
            return "the host is a swarm \(role) but swarm_enabled is false: the new rules would cut it off the swarm; set swarm_enabled and swarm_cidr"
        }
        let cut = swarm.peerAddresses.filter { !policy.swarmSources.admits($0) }
        guard !cut.isEmpty else { return nil }
        let admitted = policy.swarmSources.networks.map(\.description).joined(separator: ", ")
        return "swarm_cidr (\(admitted)) does not admit the swarm peers \(cut.joined(separator: ", ")): this \(role) would drop out of the swarm; widen swarm_cidr"
    }
}
