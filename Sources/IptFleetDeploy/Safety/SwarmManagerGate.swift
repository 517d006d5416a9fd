import Foundation

/// Lets one swarm manager at a time change its firewall, so that a bad change can cost the swarm
/// at most one manager and never its quorum. Shared by every host runner of a run.
public final class SwarmManagerGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    public init() {}

    /// Runs `body` while no other manager is changing.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return try body()
    }
}
