import Foundation

/// A real Docker swarm of booted lab hosts: the first `managers` nodes are managers (the first
/// one formed the swarm), the others join as workers over the lab bridge; an attachable overlay network and a global service (busybox httpd,
/// one task per node, its port published in host mode: this kernel has no IPVS, so no ingress
/// routing mesh and no VIP) on it. Reports node states and cross-node overlay reachability.
/// Call `tearDown()` when done (also on failure).
///
///     let swarm = try DockerSwarm(engine: .v26_1, nodes: 3)
///     defer { swarm.tearDown() }
///     #expect(try swarm.nodeStates().values.allSatisfy { $0 == "Ready" })
///     #expect(try swarm.overlayReachability().allSatisfy(\.reached))
final class DockerSwarm: Sendable {
    /// One probe of the overlay: the service's task on `from` fetched the page of the task on `to`.
    struct Reach: Sendable, CustomStringConvertible {
        let from: LabFleet.Host
        let to: LabFleet.Host
        let reached: Bool
        var description: String { "\(from.name) → \(to.name): \(reached ? "reached" : "not reached")" }
    }

    static let network = "iptfleet-overlay"
    static let service = "iptfleet-web"
    /// The service's port, published in host mode on every node.
    static let publishedPort = 8088

    let engine: DockerEngine
    let fleet: LabFleet
    /// The nodes; `nodes[0]` is the manager that formed the swarm.
    let nodes: [DockerHost]
    var manager: DockerHost { nodes[0] }

    /// Boots `count` hosts with `engine`, forms the swarm, creates the overlay and the service,
    /// and waits until a task runs on every node. Tears the lab down when any step fails.
    init(engine: DockerEngine, nodes count: Int = 3, managers: Int = 1, name: String? = nil) throws {
        self.engine = engine
        let fleet = try LabFleet(hosts: count, name: name ?? engine.stem + "s" + String(UUID().uuidString.prefix(4)).lowercased(),
                                 flavour: engine.flavour, timeout: 1800)
        self.fleet = fleet
        nodes = fleet.hosts.map { DockerHost(fleet: fleet, host: $0) }
        do {
            try form(managers: managers)
        } catch {
            tearDown()
            throw error
        }
    }

    /// Stops the hosts and removes the lab.
    func tearDown() {
        try? fleet.tearDown()
    }

    /// Every node's state as the manager sees it (`docker node ls`): host name → `Ready`, `Down`….
    /// Names come JSON-quoted (a test gives a node a host name with a line break).
    func nodeStates() throws -> [String: String] {
        let lines = try manager.sh("docker node ls --format '{{json .Hostname}} {{.Status}}'").split(separator: "\n")
        return Dictionary(lines.compactMap { line in
            let words = line.split(separator: " ", maxSplits: 1)
            guard words.count == 2, let name = try? JSONDecoder().decode(String.self, from: Data(words[0].utf8)) else { return nil }
            return (name, String(words[1]))
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Waits up to `seconds` until every node is `Ready`; returns the states last seen.
    func waitUntilReady(seconds: Int = 60) throws -> [String: String] {
        var states = try nodeStates()
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while !(states.count == nodes.count && states.values.allSatisfy { $0 == "Ready" }), Date() < deadline {
            usleep(1_000_000)
            states = try nodeStates()
        }
        return states
    }

    /// The overlay address of the service's task on each node.
    func taskAddresses() throws -> [LabFleet.Host: String] {
        var addresses: [LabFleet.Host: String] = [:]
        for node in nodes {
            let listing = try node.sh("docker network inspect \(Self.network) --format '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{println}}{{end}}'")
            for line in listing.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count == 2, words[0].hasPrefix(Self.service + "."), let address = words[1].split(separator: "/").first {
                    addresses[node.host] = String(address)
                }
            }
        }
        return addresses
    }

    /// From the task on every node, an HTTP GET to the task on every other node over the overlay.
    func overlayReachability(secondsPerProbe: Int = 10) throws -> [Reach] {
        let addresses = try taskAddresses()
        var reaches: [Reach] = []
        for from in nodes {
            for to in nodes where to.host != from.host {
                guard let address = addresses[to.host] else {
                    reaches.append(Reach(from: from.host, to: to.host, reached: false))
                    continue
                }
                let fetch = try fleet.run(
                    "timeout -s KILL \(secondsPerProbe) docker exec $(docker ps -q --filter label=com.docker.swarm.service.name=\(Self.service) | head -n 1) wget -q -O - http://\(address)/",
                    on: from.host, timeout: TimeInterval(secondsPerProbe + 30))
                reaches.append(Reach(from: from.host, to: to.host, reached: fetch.standardOutput.contains(DockerHost.webPage)))
            }
        }
        return reaches
    }

    // MARK: - Private

    private func form(managers: Int) throws {
        for node in nodes { try node.waitForDocker() }
        try manager.sh("docker swarm init --advertise-addr \(manager.host.address) >/dev/null")
        let tokens = (manager: try manager.sh("docker swarm join-token -q manager"), worker: try manager.sh("docker swarm join-token -q worker"))
        for (index, node) in nodes.enumerated().dropFirst() {
            let token = index < managers ? tokens.manager : tokens.worker
            try node.sh("docker swarm join --advertise-addr \(node.host.address) --token \(token) \(manager.host.address):2377 >/dev/null")
        }
        try manager.sh("docker network create --driver overlay --attachable \(Self.network) >/dev/null")
        // The image exists on every node (imported at boot) but in no registry: each node uses its own.
        try manager.sh("docker service create --detach --quiet --name \(Self.service) --mode global --endpoint-mode dnsrr --stop-grace-period 1s"
            + " --network \(Self.network) --publish mode=host,target=80,published=\(Self.publishedPort)"
            + " local/busybox httpd -f -p 80 -h /www >/dev/null 2>&1")
        try manager.sh("for i in $(seq 120); do [ \"$(docker service ps \(Self.service) --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')\" -ge \(nodes.count) ] && exit 0; sleep 1; done;"
            + " docker service ps --no-trunc \(Self.service); exit 1", timeout: 180)
    }
}
