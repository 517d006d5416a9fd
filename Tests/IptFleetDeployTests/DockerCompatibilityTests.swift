import Foundation
import TestSupport
import Testing

/// Containers survive every firewall operation, on real Docker engines (20.10, 26.1, 28) in booted
/// lab hosts: published ports, SSH, host ports, containers' outbound traffic and new containers,
/// probed with real packets from the controller and from a second client, after `deploy`,
/// `systemctl restart iptables-docker`, `iptables-docker.sh stop` and `start`,
/// `systemctl restart docker` and a host reboot. Writes `Docs/compatibility.md` when
/// `IPTFLEET_WRITE_COMPATIBILITY` is set (see `CompatibilityReport`).
@Suite(.enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct DockerCompatibilityTests {
    /// What is done to the host before each column of the matrix.
    enum Operation: String, CaseIterable {
        case deploy = "iptfleet deploy"
        case restartUnit = "systemctl restart iptables-docker"
        case stop = "iptables-docker.sh stop"
        case start = "iptables-docker.sh start"
        case restartDocker = "systemctl restart docker"
        case reboot = "host reboot"

        /// Whether our rules are in force afterwards (`stop` opens the host, keeping Docker's rules).
        var firewallActive: Bool { self != .stop }
    }

    static let publishedRestricted = 8080
    static let publishedOpen = 8090
    static let unlistedPort = 9999
    static let allowedPort = 9100
    static let webMarker = "iptfleet lab"

    @Test(arguments: DockerEngine.allCases)
    func containersSurviveEveryFirewallOperation(engine: DockerEngine) throws {
        let index = DockerEngine.allCases.firstIndex(of: engine)!
        let bootStarted = Date()
        let fleet = try LabFleet(hosts: 1, name: engine.stem + "-" + String(UUID().uuidString.prefix(4)).lowercased(),
                                 flavour: engine.flavour, timeout: 1800)
        defer { try? fleet.tearDown() }
        let docker = DockerHost(fleet: fleet, host: fleet.hosts[0])
        try docker.waitForDocker()
        let bootSeconds = Date().timeIntervalSince(bootStarted)

        let subnet = fleet.hosts[0].address.split(separator: ".").dropLast().joined(separator: ".")
        let client = try ClientNamespace(octet: 250 + index, subnet: subnet)
        defer { client.remove() }
        let listener = try ControllerListener(address: subnet + ".1", port: 18_000 + index)
        defer { listener.stop() }

        let testStarted = Date()
        try docker.installListener(port: Self.unlistedPort)
        try docker.installListener(port: Self.allowedPort)
        try docker.runWebContainer("web", publishing: Self.publishedRestricted)
        try docker.runWebContainer("open", publishing: Self.publishedOpen)
        let version = try docker.sh("docker version --format '{{.Server.Version}}'")
        let backend = try docker.sh("iptables -V")
        // Docker ≥ 28 writes its chains with ip6tables too (even without IPv6 networks).
        let ipv6Chains = try docker.forwardJumps("ip6tables").intersection(engine.forwardChains)

        var matrix = CompatibilityMatrix(title: engine.description)
        for (step, operation) in Operation.allCases.enumerated() {
            try perform(operation, on: docker, controller: listener.address)
            try docker.waitForContainers(["web", "open"])
            try observe(after: operation, step: step, docker: docker, engine: engine, client: client,
                        listener: listener, ipv6Chains: ipv6Chains, into: &matrix)
        }
        let testSeconds = Date().timeIntervalSince(testStarted)

        let section = """
            ## \(engine.description)

            Engine \(version), \(backend); lab flavour `\(engine.flavour)`. Host booted (with dockerd
            and local/busybox ready) in \(String(format: "%.0f", bootSeconds)) s, matrix run in \(String(format: "%.0f", testSeconds)) s.

            \(matrix.markdown)
            """
        try CompatibilityReport.add(section: section, key: "1-\(engine.rawValue)")
        #expect(matrix.allGreen, "\(engine):\n\(matrix.redCells.joined(separator: "\n"))\n\n\(matrix.markdown)")
    }

    // MARK: - Operations and observations

    private func perform(_ operation: Operation, on docker: DockerHost, controller: String) throws {
        switch operation {
        case .deploy:
            let vars = """
                {"iptables_allow_rules": [{"desc": "metrics", "proto": "tcp", "port": \(Self.allowedPort)}],
                 "docker_published_rules": [{"desc": "web for the controller only", "proto": "tcp", "port": \(Self.publishedRestricted), "from": "\(controller)"}]}
                """
            let fleet = docker.fleet
            let deploy = try ProcessRunner.run(ProcessRunner.iptfleet,
                                               ["deploy", "-i", fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath, "-e", vars])
            try #require(deploy.status == 0, "\(deploy)")
        case .restartUnit:
            try docker.sh("systemctl restart iptables-docker")
        case .stop:
            try docker.sh("/usr/local/sbin/iptables-docker.sh stop")
        case .start:
            try docker.sh("/usr/local/sbin/iptables-docker.sh start")
        case .restartDocker:
            try docker.sh("systemctl restart docker")
            try docker.waitForDocker()
        case .reboot:
            try docker.fleet.reboot(docker.host)
            try docker.waitForDocker()
        }
    }

    /// Whether `probe` succeeds; when success is expected, it is tried again for up to ~15 s (a
    /// container or dockerd may still be coming up), a blocked port is probed once.
    private func seen(expecting expected: Bool, _ probe: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<(expected ? 8 : 1) {
            if try probe() { return true }
            if expected { usleep(500_000) }
        }
        return false
    }

    private func observe(after operation: Operation, step: Int, docker: DockerHost, engine: DockerEngine, client: ClientNamespace,
                         listener: ControllerListener, ipv6Chains: Set<String>, into matrix: inout CompatibilityMatrix) throws {
        let column = operation.rawValue
        let active = operation.firewallActive
        let address = docker.host.address
        let sources: [(name: String, namespace: String?)] = [("controller", nil), ("client", client.name)]
        func web(_ port: Int, from namespace: String?) throws -> Bool {
            try TCPProbe.httpGet(address, port: port, within: 2, from: namespace).contains(Self.webMarker)
        }

        for source in sources {
            let fromController = source.namespace == nil
            matrix.record("(a) published :\(Self.publishedRestricted), rule admits the controller only — from \(source.name)", after: column,
                          expected: fromController || !active,
                          observed: try seen(expecting: fromController || !active) { try web(Self.publishedRestricted, from: source.namespace) })
            matrix.record("(a) published :\(Self.publishedOpen), no rule — from \(source.name)", after: column,
                          expected: true, observed: try seen(expecting: true) { try web(Self.publishedOpen, from: source.namespace) })
            matrix.record("(b) SSH :22 — from \(source.name)", after: column, expected: true,
                          observed: try seen(expecting: true) { try TCPProbe.connects(to: address, port: 22, within: 2, from: source.namespace) })
            matrix.record("(c) unlisted host port :\(Self.unlistedPort) — from \(source.name)", after: column, expected: !active,
                          observed: try seen(expecting: !active) { try TCPProbe.connects(to: address, port: Self.unlistedPort, within: 2, from: source.namespace) })
            matrix.record("(d) allowed host port :\(Self.allowedPort) — from \(source.name)", after: column, expected: true,
                          observed: try seen(expecting: true) { try TCPProbe.connects(to: address, port: Self.allowedPort, within: 2, from: source.namespace) })
        }
        let url = "http://\(listener.address):\(listener.port)/"
        matrix.record("(e) a container connects out to the controller", after: column, expected: true,
                      observed: try seen(expecting: true) { try docker.containerFetch(url).contains(listener.marker) }, yes: "works", no: "fails")

        let latePort = 8100 + step
        try docker.runWebContainer("late\(step)", publishing: latePort, restart: false)
        for source in sources {
            matrix.record("(f) a container started after the operation, published — from \(source.name)", after: column, expected: true,
                          observed: try seen(expecting: true) { try web(latePort, from: source.namespace) })
        }
        try docker.sh("docker rm -f late\(step) >/dev/null")

        let chains = engine.forwardChains.joined(separator: ", ")
        matrix.record("(g) FORWARD jumps to \(chains)", after: column, expected: true,
                      observed: try docker.forwardJumps().isSuperset(of: engine.forwardChains), yes: "yes", no: "no")
        if !ipv6Chains.isEmpty {
            matrix.record("(g) ip6tables FORWARD jumps to \(ipv6Chains.sorted().joined(separator: ", "))", after: column, expected: true,
                          observed: try docker.forwardJumps("ip6tables").isSuperset(of: ipv6Chains), yes: "yes", no: "no")
        }
        let policy = try docker.sh("iptables -S INPUT | head -n 1")
        matrix.record("firewall active (INPUT policy DROP)", after: column, expected: active,
                      observed: policy == "-P INPUT DROP", yes: "yes", no: "no")
    }
}
