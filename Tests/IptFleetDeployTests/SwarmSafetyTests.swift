import Foundation
import TestSupport
import Testing

/// A policy that would cut a real swarm apart is caught on the hosts before anything changes
/// (the probe's swarm check), and the rollout that keeps the swarm is done one node at a time.
@Suite(.enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct SwarmSafetyTests {
    @Test func aSwarmCIDRThatLeavesPeersOutIsRefusedAndAGoodOneRollsOutOneNodeAtATime() throws {
        let swarm = try DockerSwarm(engine: .v26_1)
        defer { swarm.tearDown() }
        let fleet = swarm.fleet
        let manager = swarm.manager.host
        let workers = swarm.nodes.dropFirst().map(\.host)
        let base = ["-i", fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath, "--serial", "1", "--max-fail-percentage", "100"]
        func run(_ vars: String) throws -> ProcessRunner.Result {
            try ProcessRunner.run(ProcessRunner.iptfleet, ["deploy"] + base + ["-e", vars])
        }
        func untouched() throws -> Bool {
            try swarm.nodes.allSatisfy { try $0.sh("test ! -e /usr/local/sbin/iptables-docker.sh && iptables -S INPUT | head -n 1") == "-P INPUT ACCEPT" }
        }

        // Without swarm_enabled every node is refused.
        let disabled = try run("{}")
        #expect(disabled.status == 2, "\(disabled)")
        #expect(disabled.stdout.contains("refused, nothing changed: the host is a swarm manager but swarm_enabled is false: the new rules would cut it off the swarm"), "\(disabled)")
        for worker in workers {
            #expect(disabled.status(of: worker.name) == "failed", "\(disabled)")
        }
        #expect(disabled.stdout.contains("the host is a swarm worker but swarm_enabled is false"), "\(disabled)")

        // A swarm_cidr that admits only the manager: the manager would lose its workers, and
        // each worker the other worker it shares the overlay with.
        let narrow = try run(#"{"swarm_enabled": true, "swarm_cidr": "\#(manager.address)/32"}"#)
        #expect(narrow.status == 2, "\(narrow)")
        #expect(narrow.stdout.contains("refused, nothing changed: swarm_cidr (\(manager.address)/32) does not admit the swarm peers"), "\(narrow)")
        #expect(narrow.stdout.contains("this manager would drop out of the swarm; widen swarm_cidr (--force overrides)"), "\(narrow)")
        for worker in workers {
            #expect(narrow.status(of: worker.name) == "failed", "\(narrow)")
            let other = workers.first { $0 != worker }!
            #expect(narrow.stdout.contains("\(worker.name): refused, nothing changed: swarm_cidr (\(manager.address)/32) does not admit the swarm peers \(other.address): this worker would drop out of the swarm"), "\(narrow)")
        }
        #expect(try untouched(), "a refused node was changed")
        #expect(try swarm.waitUntilReady(seconds: 30).values.allSatisfy { $0 == "Ready" })

        // The lab subnet: one node at a time, every node changed, the swarm intact.
        let subnet = manager.address.split(separator: ".").dropLast().joined(separator: ".") + ".0/24"
        let good = try run(#"{"swarm_enabled": true, "swarm_cidr": "\#(subnet)"}"#)
        #expect(good.status == 0, "\(good)")
        #expect(swarm.nodes.allSatisfy { good.status(of: $0.host.name) == "changed" }, "\(good)")
        usleep(20_000_000)  // the managers' heartbeat grace: a node cut off would be Down by now
        #expect(try swarm.waitUntilReady(seconds: 30).values.allSatisfy { $0 == "Ready" })
        let reaches = try swarm.overlayReachability()
        #expect(reaches.allSatisfy { $0.reached }, "\(reaches)")
    }
}
