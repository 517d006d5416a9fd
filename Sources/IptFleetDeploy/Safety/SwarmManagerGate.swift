import Foundation

/// Lets one swarm manager at a time change its firewall, so that a bad change can cost the swarm
/// at most one manager and never its quorum: a manager changes only while every other manager
/// is healthy, and the next one waits until this one's swarm is healthy again. Shared by every
/// host runner of a run.
public final class SwarmManagerGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    public init() {}

    /// What became of a manager's change.
    enum Passage<Result> {
        /// Other managers stayed unhealthy: nothing was changed; the reason says which.
        case refused(String)
        /// The change ran (`change`'s result), and the swarm is healthy afterwards — or the
        /// change did not go through, so there was nothing to check.
        case passed(Result)
        /// The change ran, but afterwards some managers are unhealthy; the reason says which.
        case unhealthyAfter(String)
    }

    /// Runs `change` on the manager `target` while no other manager is changing: first waits for
    /// the other managers to be healthy (asked over `session`), then, when `changed` says the
    /// change went through, lets the host settle and asks again over a new connection.
    func pass<Result>(_ target: HostTarget, over session: any HostChannel, connector: any HostConnector, timing: FlowTiming,
                      change: () throws -> Result, changed: (Result) -> Bool) throws -> Passage<Result> {
        semaphore.wait()
        defer { semaphore.signal() }
        let before = try Self.awaitHealthyManagers(session: session, timing: timing)
        guard before.isEmpty else {
            return .refused("refused, nothing changed: other swarm managers are unhealthy (\(before.joined(separator: ", "))); changing this one could cost the swarm its quorum")
        }
        let result = try change()
        guard changed(result) else { return .passed(result) }
        // A manager cut off by its new rules still looks healthy for a few seconds (`FlowTiming`).
        Thread.sleep(forTimeInterval: timing.managerSettle / .seconds(1))
        let check = try connector.open(target, connectTimeout: nil)
        defer { check.close() }
        let after = try Self.awaitHealthyManagers(session: check, timing: timing)
        guard after.isEmpty else { return .unhealthyAfter("after the change, swarm managers are unhealthy: \(after.joined(separator: ", "))") }
        return .passed(result)
    }

    /// Waits up to a minute (`FlowTiming`) for every other manager to be ready and reachable;
    /// returns those that are not.
    private static func awaitHealthyManagers(session: any HostChannel, timing: FlowTiming) throws -> [String] {
        let deadline = ContinuousClock.now + timing.managerHealthWait
        while true {
            let answer = try session.run(HostProbe.swarmScript)
            let unhealthy = try HostProbe.parse(answer.stdoutText, requireInit: false).swarm.unhealthyManagers
            if unhealthy.isEmpty || ContinuousClock.now >= deadline { return unhealthy }
            Thread.sleep(forTimeInterval: timing.managerHealthPoll / .seconds(1))
        }
    }
}
