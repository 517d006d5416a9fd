/// What to do with a host whose key is not yet in the known_hosts file.
public enum HostKeyPolicy: Sendable, Equatable {
    /// Refuse unknown hosts (OpenSSH's `StrictHostKeyChecking=yes`).
    case strict
    /// Record the key of an unknown host and go on (OpenSSH's `StrictHostKeyChecking=accept-new`).
    /// A changed key is refused all the same and never replaced.
    case acceptNew
}
