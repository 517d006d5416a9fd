/// What to do on each host.
public enum HostOperation: Sendable, Equatable {
    /// Install or update the firewall; hosts with `iptables_docker_uninstall` are uninstalled.
    case deploy
    /// Remove the firewall from every selected host.
    case uninstall
    /// Report installed state and drift; change nothing.
    case status
    /// Connect, log in and become; change nothing.
    case ping
    /// Put back the files, unit state and rules the host had before its last confirmed change.
    case rollback
}

/// How to carry the operation out.
public struct RunOptions: Sendable, Equatable {
    /// Report what would change, change nothing.
    public var check: Bool
    /// Include unified diffs of the files that change.
    public var diff: Bool
    /// Seconds a host waits for the confirmation of a rule change before undoing it.
    public var confirmTimeout: Int
    /// Apply even when the lock-out or swarm checks refuse the policy.
    public var force: Bool

    public init(check: Bool = false, diff: Bool = false, confirmTimeout: Int = 30, force: Bool = false) {
        self.check = check
        self.diff = diff
        self.confirmTimeout = confirmTimeout
        self.force = force
    }
}
