/// Whether a policy lets a given SSH client in: the lock-out check of Docs/design.md, safety model.
extension FirewallPolicy {
    /// True when a TCP connection from `address` to `port` is accepted by the SSH rule or by one
    /// of the allow rules of this policy.
    public func admitsSSH(from address: String, port: Int) -> Bool {
        if port == sshPort, sshSources.admits(address) { return true }
        return allowRules.contains { rule in
            rule.proto == .tcp && rule.ports.contains(port) && rule.sources.admits(address)
        }
    }
}

extension SourceSet {
    /// Whether a packet from `address` matches these sources.
    public func admits(_ address: String) -> Bool {
        isAnywhere || networks.contains { $0.contains(address) }
    }
}

extension PortSpec {
    /// Whether `port` is one of these ports or inside one of these ranges.
    public func contains(_ port: Int) -> Bool {
        elements.contains { element in
            switch element {
            case .port(let single): single == port
            case .range(let low, let high): (low...high).contains(port)
            }
        }
    }
}
