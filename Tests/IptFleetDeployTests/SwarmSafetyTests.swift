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

        // A worker's root renames its node to smuggle a line into the manager's probe (security
        // review F10, test T-C): the name stays a name, the manager is not taken for a host with a
        // change of its own pending.
        let forger = swarm.nodes[1]
        try forger.sh("python3 -c 'import socket; socket.sethostname(\"w\\npending=forged\")' && systemctl restart docker")
        try swarm.manager.sh("for i in $(seq 90); do docker node ls --format '{{json .Hostname}}' | grep -q 'pending=forged' && exit 0; sleep 1; done; exit 1")
        #expect(try swarm.waitUntilReady(seconds: 60).values.allSatisfy { $0 == "Ready" })

        // The lab subnet: one node at a time, every node changed, the swarm intact.
        let subnet = manager.address.split(separator: ".").dropLast().joined(separator: ".") + ".0/24"
        let good = try run(#"{"swarm_enabled": true, "swarm_cidr": "\#(subnet)"}"#)
        #expect(good.status == 0, "\(good)")
        #expect(!good.stdout.contains("forged"), "a node's name posed as a fact of the manager: \(good)")
        #expect(swarm.nodes.allSatisfy { good.status(of: $0.host.name) == "changed" }, "\(good)")
        usleep(20_000_000)  // the managers' heartbeat grace: a node cut off would be Down by now
        #expect(try swarm.waitUntilReady(seconds: 30).values.allSatisfy { $0 == "Ready" })
        let reaches = try swarm.overlayReachability()
        #expect(reaches.allSatisfy { $0.reached }, "\(reaches)")
    }
}

/// With several swarm managers, a run changes them one at a time, each only while the others are
/// healthy and judged again after its change has settled (`SwarmManagerGate`), so a bad change
/// can cost the swarm one manager, never its quorum.
@Suite(.enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct SwarmManagersTests {
    @Test func managersChangeOneAtATimeAndAManagerDownStopsTheRollout() throws {
        let swarm = try DockerSwarm(engine: .v26_1, nodes: 3, managers: 3)
        defer { swarm.tearDown() }
        let fleet = swarm.fleet
        let subnet = swarm.manager.host.address.split(separator: ".").dropLast().joined(separator: ".") + ".0/24"
        let log = fleet.runDirectory + "/managers-deploy.log"
        let arguments = ["deploy", "-i", fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath, "-e", #"{"swarm_enabled": true, "swarm_cidr": "\#(subnet)"}"#]
        let allowWeb = #"{"iptables_allow_rules": [{"desc": "web", "proto": "tcp", "port": 8080}]}"#
        func deploy(_ extra: [String]) throws -> ProcessRunner.Result {
            try ProcessRunner.run(ProcessRunner.iptfleet, arguments + extra)
        }

        // All three in one batch (20 forks): the gate lets one manager at a time switch and
        // confirm, and the next one starts only after the previous one has finished.
        let all = try deploy(["-vvv", "--log-file", log])
        #expect(all.status == 0, "\(all)")
        #expect(swarm.nodes.allSatisfy { all.status(of: $0.host.name) == "changed" }, "\(all)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        // A log line starts with its ISO 8601 time in UTC, which sorts as text.
        func time(of host: LabFleet.Host, _ suffix: String) -> String? {
            lines.first { $0.contains(" \(host.name): ") && $0.hasSuffix(suffix) }.map { String($0.prefix(24)) }
        }
        let spans = try swarm.nodes.map { node in
            (start: try #require(time(of: node.host, ": exec: sh -s"), "no apply of \(node.host.name) in the log"),
             end: try #require(time(of: node.host, ": changed"), "no result of \(node.host.name) in the log"))
        }.sorted { $0.start < $1.start }
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(later.start >= earlier.end, "two managers changed at once: \(spans)")
        }
        #expect(try swarm.waitUntilReady(seconds: 30).values.allSatisfy { $0 == "Ready" })

        // After its change a manager lets the swarm settle, then judges it again: a manager that
        // went down meanwhile (Docker stopped on it right after the confirmation) fails the host.
        let changed = swarm.manager
        let down = swarm.nodes[2]
        let record = "/var/lib/iptables-docker/previous/id"
        let previous = try changed.sh("cat \(record)")
        let output = fleet.runDirectory + "/settle.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let controller = try ChildProcess(ProcessRunner.iptfleet, arguments + ["--limit", changed.host.name, "-e", allowWeb],
                                          stdout: output, stderr: .file("/dev/null"))
        defer { if controller.isRunning { kill(controller.pid, SIGKILL); controller.wait() } }
        _ = try changed.sh("for i in $(seq 240); do [ \"$(cat \(record))\" != \(previous) ] && exit 0; sleep 0.25; done; exit 1")
        _ = try down.sh("systemctl stop docker.socket docker.service")
        let status = controller.wait()
        let report = try String(contentsOfFile: output, encoding: .utf8)
        #expect(status == 2, "\(report)")
        #expect(report.contains("failed      \(changed.host.name): after the change, swarm managers are unhealthy: \(down.host.name) ("), "\(report)")

        // With a manager down, another manager waits for it (a minute), then refuses to change.
        let other = swarm.nodes[1]
        let before = try other.sh("sha256sum /usr/local/sbin/iptables-docker.sh")
        let refused = try deploy(["--limit", other.host.name, "-e", allowWeb])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stdout.contains("refused, nothing changed: other swarm managers are unhealthy (\(down.host.name) ("), "\(refused)")
        #expect(refused.stdout.contains("); changing this one could cost the swarm its quorum"), "\(refused)")
        #expect(try other.sh("sha256sum /usr/local/sbin/iptables-docker.sh") == before, "the refused manager was changed")
    }
}
