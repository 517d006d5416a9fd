import Foundation
import IptFleetCore
import IptFleetSSH
import Testing
@testable import IptFleetDeploy

/// Batches, failure limits and forks of `FleetRunner`, on scripted hosts.
struct FleetRunnerFlowTests {
    typealias Flow = ScriptedFlow

    /// Hosts h1…hN that are already right (each answers `ok`), except those named in `unreachable`.
    static func fleet(_ count: Int, unreachable: Set<String> = [], probeDelay: Duration = .zero) throws -> (ScriptedHost, [HostTarget]) {
        let host = ScriptedHost()
        let installed = Flow.installedHost
        host.on(.probe, { _ in
            Thread.sleep(forTimeInterval: probeDelay / .seconds(1))
            return CommandResult(stdout: Data(installed.utf8), stderr: Data(), exitStatus: 0, exitSignal: nil)
        })
        host.refuseOpen { name, _ in unreachable.contains(name) ? SSHError.connectionRefused(endpoint: "\(name):22") : nil }
        return (host, try (1...count).map { try Flow.target("h\($0)") })
    }

    @Test func aBatchWithTooManyFailuresStopsTheRunAndSkipsTheRest() throws {
        let (host, targets) = try Self.fleet(5, unreachable: ["h2"])
        let runner = FleetRunner(runner: Flow.runner(.deploy, host), forks: 5, rollout: RolloutPlan(sizes: [.hosts(2)], maxFailPercentage: 0))
        let seen = Seen()
        let results = runner.run(targets) { seen.add($0.host) }
        #expect(results.map(\.host) == ["h1", "h2", "h3", "h4", "h5"])
        #expect(results.map(\.status) == [.ok, .unreachable, .skipped, .skipped, .skipped])
        #expect(results[2].reason == "not started: the run stopped after batch 1 of 3 (1 of 2 host(s) failed, more than --max-fail-percentage 0)")
        #expect(Set(host.received.map(\.host)) == ["h1"], "no host of a later batch is contacted")
        #expect(seen.names.sorted() == ["h1", "h2", "h3", "h4", "h5"], "progress hears of every host, skipped ones too")
    }

    @Test func failuresBelowTheLimitLetTheRunGoOn() throws {
        let (host, targets) = try Self.fleet(4, unreachable: ["h1", "h3"])
        let runner = FleetRunner(runner: Flow.runner(.deploy, host), forks: 2,
                                 rollout: RolloutPlan(sizes: [.hosts(2)]))
        let results = runner.run(targets)
        #expect(results.map(\.status) == [.unreachable, .ok, .unreachable, .ok])
    }

    @Test func aBatchWhereEveryHostFailsStopsTheRun() throws {
        let (host, targets) = try Self.fleet(3, unreachable: ["h1"])
        let results = FleetRunner(runner: Flow.runner(.deploy, host), forks: 1, rollout: RolloutPlan(sizes: [.hosts(1)])).run(targets)
        #expect(results.map(\.status) == [.unreachable, .skipped, .skipped])
        #expect(results[1].reason?.hasSuffix("(every host of the batch failed)") == true)
    }

    @Test func noMoreThanForksHostsAreWorkedOnAtOnce() throws {
        for forks in [1, 2] {
            let (host, targets) = try Self.fleet(6, probeDelay: .milliseconds(20))
            let results = FleetRunner(runner: Flow.runner(.deploy, host), forks: forks).run(targets)
            #expect(results.allSatisfy { $0.status == .ok })
            #expect(host.mostChannelsAtOnce <= forks && host.mostChannelsAtOnce >= 1)
            #expect(host.opens == 6)
        }
    }

    /// The gate holds from a manager's first health check to its last: no other manager's check,
    /// apply or confirmation comes in between, however the threads run.
    @Test func swarmManagersPassTheGateOneAtATime() throws {
        let host = ScriptedHost()
        host.on(.probe, Reply.ok(Flow.freshHost + Flow.managerSwarm()))
        host.on(.swarm, Reply.ok(Flow.managerSwarm()))
        host.on(.apply, { _ in
            // Room for another thread to come in, were the gate open.
            Thread.sleep(forTimeInterval: 0.02)
            return CommandResult(stdout: Data(), stderr: Data(), exitStatus: 0, exitSignal: nil)
        })
        host.on(.confirm, Reply.confirm("confirmed"))
        let targets = try (1...3).map { try Flow.target("m\($0)", variables: HostRunnerFlowTests.swarmPolicy) }
        let results = FleetRunner(runner: Flow.runner(.deploy, host), forks: 3).run(targets)
        #expect(results.allSatisfy { $0.status == .changed }, "\(results)")
        let gated = host.received.filter { [.swarm, .apply, .confirm].contains($0.kind) }
        #expect(gated.count == 3 * 4)
        let order = gated.map(\.host).reduce(into: [String]()) { hosts, name in if hosts.last != name { hosts.append(name) } }
        #expect(order.count == 3 && Set(order).count == 3, "each manager's gated calls form one block: \(gated.map { "\($0.host) \($0.kind)" })")
    }

    /// Names heard from worker threads.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var heard: [String] = []
        func add(_ name: String) { lock.withLock { heard.append(name) } }
        var names: [String] { lock.withLock { heard } }
    }
}
