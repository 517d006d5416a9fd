import Foundation

/// How one host ended, as Ansible users know it.
public enum HostStatus: String, Sendable, Codable, CaseIterable {
    /// Already as wanted: nothing was changed.
    case ok
    /// Changed (or, in check mode, would change).
    case changed
    /// Could not be reached or logged into.
    case unreachable
    /// Reached, but the change failed; the reason says why.
    case failed
    /// Not attempted (an earlier batch failed).
    case skipped
    /// Changed, did not confirm, and put its previous state back by itself.
    case rolledBack = "rolled-back"

    /// The host did not end as wanted: failed, unreachable or rolled back (a skipped host was
    /// not attempted). These count against `--max-fail-percentage` and the exit status.
    public var isFailure: Bool { self == .failed || self == .unreachable || self == .rolledBack }

    /// Of the failures, the one ansible-playbook reports apart (exit status 4): the host was not
    /// reached, or not reached again after a change.
    public var isUnreachable: Bool { self == .unreachable }
}

/// One host's result: status, what changed, why it failed, and what it reported.
public struct HostResult: Sendable, Codable, Equatable {
    public let host: String
    public let status: HostStatus
    public let changes: [String]
    /// One line saying why the host failed or was unreachable.
    public let reason: String?
    /// Unified diffs of changed files (with --diff).
    public let diff: String?
    /// Facts for `status`: installed, drift, unit state, backend, Docker, rule count.
    public let details: [String: String]
    public let seconds: Double

    public init(host: String, status: HostStatus, changes: [String] = [], reason: String? = nil, diff: String? = nil,
                details: [String: String] = [:], seconds: Double = 0) {
        self.host = host
        self.status = status
        self.changes = changes
        self.reason = reason
        self.diff = diff
        self.details = details
        self.seconds = seconds
    }
}
