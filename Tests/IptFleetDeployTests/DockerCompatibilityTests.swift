import Foundation
import TestSupport
import Testing

/// Containers survive every firewall operation, on real Docker engines (20.10, 26.1, 28) in booted
/// lab hosts: published ports, SSH, host ports, containers' outbound traffic and new containers,
/// probed with real packets over IPv4 and IPv6 (Docker's IPv6 on, with its ip6tables rules) from
/// the controller and from a second client, after `deploy`,
/// `systemctl restart iptables-docker`, `iptables-docker.sh stop` and `start`,
/// `systemctl restart docker` and a host reboot — with the admin's own `DOCKER-USER` rule of
/// Docker's documentation in place (`-i eth0 … -j DROP`, which must never make eth0 a "Docker
/// interface" that INPUT accepts whole), and a network with its own bridge name (`mybr0`), whose
/// containers must still reach the host and be published. Writes `Docs/compatibility.md` when
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

    /// The addresses one address family is probed with.
    struct Family {
        let name: String
        let host: String
        let client: String
        let listener: ControllerListener
        /// `iptables` or `ip6tables`.
        let command: String
    }

    static let publishedRestricted = 8080
    static let publishedOpen = 8090
    static let unlistedPort = 9999
    static let allowedPort = 9100
    static let adminRestrictedPort = 8300
    static let customBridgePort = 8400

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

        let host = fleet.hosts[0]
        let address6 = try #require(host.address6, "the lab gave \(host) no IPv6 address")
        let subnet = host.address.split(separator: ".").dropLast().joined(separator: ".")
        let subnet6 = String(address6[..<address6.range(of: "::", options: .backwards)!.lowerBound])
        let client = try ClientNamespace(subnet: subnet, subnet6: subnet6)
        defer { client.remove() }
        let listener = try ControllerListener(address: subnet + ".1", port: 18_000 + index)
        defer { listener.stop() }
        let listener6 = try ControllerListener(address: subnet6 + "::1", port: 18_000 + index)
        defer { listener6.stop() }
        let families = [Family(name: "IPv4", host: host.address, client: client.address, listener: listener, command: "iptables"),
                        Family(name: "IPv6", host: address6, client: client.address6!, listener: listener6, command: "ip6tables")]

        let testStarted = Date()
        // IPv6 for the default bridge, with Docker's ip6tables rules (NAT for published ports).
        try docker.sh("mkdir -p /etc/docker && printf '%s\\n' '\(engine.ipv6DaemonConfig)' >/etc/docker/daemon.json && systemctl restart docker")
        try docker.waitForDocker()
        try docker.installListener(port: Self.unlistedPort)
        try docker.installListener(port: Self.allowedPort)
        try docker.runWebContainer("web", publishing: Self.publishedRestricted)
        try docker.runWebContainer("open", publishing: Self.publishedOpen)
        try docker.installAdminDockerUserRule(port: Self.adminRestrictedPort, admins: (listener.address, listener6.address))
        try docker.sh("docker network create -o com.docker.network.bridge.name=mybr0 custom >/dev/null")
        try docker.runWebContainer("custom", on: "custom", publishing: Self.customBridgePort)
        let customGateway = try docker.sh("docker network inspect custom -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}'")
        let version = try docker.sh("docker version --format '{{.Server.Version}}'")
        let backend = try docker.sh("iptables -V")

        var matrix = CompatibilityMatrix(title: engine.description)
        for (step, operation) in Operation.allCases.enumerated() {
            try perform(operation, on: docker, controller: families.map(\.listener.address))
            try docker.waitForContainers(["web", "open", "custom"])
            try observe(after: operation, step: step, docker: docker, engine: engine, client: client,
                        families: families, into: &matrix)
            try observeCustomBridge(after: operation, docker: docker, gateway: customGateway, client: client,
                                    family: families[0], into: &matrix)
        }
        let testSeconds = Date().timeIntervalSince(testStarted)

        let section = """
            ## \(engine.description)

            Engine \(version), \(backend); lab flavour `\(engine.flavour)`; `/etc/docker/daemon.json`:
            `\(engine.ipv6DaemonConfig)`. Host booted (with dockerd
            and local/busybox ready) in \(String(format: "%.0f", bootSeconds)) s, matrix run in \(String(format: "%.0f", testSeconds)) s.

            \(matrix.markdown)
            """
        try CompatibilityReport.add(section: section, key: "1-\(engine.rawValue)")
        let red = matrix.redCells
        #expect(red.isEmpty, "\(engine): \(red.count) red cell(s)\n\(matrix.markdown)")
    }

    /// A network with its own bridge name (`mybr0`): its containers reach the host, and its
    /// published port answers the controller and the client (IPv4; the network has no IPv6).
    private func observeCustomBridge(after operation: Operation, docker: DockerHost, gateway: String, client: ClientNamespace,
                                     family: Family, into matrix: inout CompatibilityMatrix) throws {
        let column = operation.rawValue
        matrix.record("(i) a container on bridge mybr0 reaches the host's unlisted port :\(Self.unlistedPort)", after: column, expected: true,
                      observed: try seen(expecting: true) {
                          try docker.containerFetch("http://\(gateway):\(Self.unlistedPort)/", network: "custom").contains("Directory listing")
                      }, yes: "works", no: "fails")
        for source in [(name: "controller", namespace: String?.none), (name: "client", namespace: client.name)] {
            matrix.record("(i) published :\(Self.customBridgePort) from a container on mybr0 — \(source.name), IPv4", after: column, expected: true,
                          observed: try seen(expecting: true) {
                              try TCPProbe.httpGet(family.host, port: Self.customBridgePort, within: 2, from: source.namespace).contains(DockerHost.webPage)
                          })
        }
    }

    // MARK: - Operations and observations

    private func perform(_ operation: Operation, on docker: DockerHost, controller: [String]) throws {
        switch operation {
        case .deploy:
            let from = controller.map { "\"\($0)\"" }.joined(separator: ", ")
            let vars = """
                {"iptables_allow_rules": [{"desc": "metrics", "proto": "tcp", "port": \(Self.allowedPort)}],
                 "docker_published_rules": [{"desc": "web for the controller only", "proto": "tcp", "port": \(Self.publishedRestricted), "from": [\(from)]}]}
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
                         families: [Family], into matrix: inout CompatibilityMatrix) throws {
        let column = operation.rawValue
        let active = operation.firewallActive
        let latePort = 8100 + step
        try docker.runWebContainer("late\(step)", publishing: latePort, restart: false)
        for family in families {
            let sources: [(name: String, namespace: String?)] = [("controller", nil), ("client", client.name)]
            func web(_ port: Int, from namespace: String?) throws -> Bool {
                try TCPProbe.httpGet(family.host, port: port, within: 2, from: namespace).contains(DockerHost.webPage)
            }
            for source in sources {
                let fromController = source.namespace == nil
                let by = "— \(source.name), \(family.name)"
                let admitted = fromController || !active
                matrix.record("(a) published :\(Self.publishedRestricted), rule admits the controller only \(by)", after: column,
                              expected: admitted, observed: try seen(expecting: admitted) { try web(Self.publishedRestricted, from: source.namespace) })
                matrix.record("(a) published :\(Self.publishedOpen), no rule \(by)", after: column,
                              expected: true, observed: try seen(expecting: true) { try web(Self.publishedOpen, from: source.namespace) })
                matrix.record("(b) SSH :22 \(by)", after: column, expected: true,
                              observed: try seen(expecting: true) { try TCPProbe.connects(to: family.host, port: 22, within: 2, from: source.namespace) })
                matrix.record("(c) unlisted host port :\(Self.unlistedPort) \(by)", after: column, expected: !active,
                              observed: try seen(expecting: !active) { try TCPProbe.connects(to: family.host, port: Self.unlistedPort, within: 2, from: source.namespace) })
                matrix.record("(d) allowed host port :\(Self.allowedPort) \(by)", after: column, expected: true,
                              observed: try seen(expecting: true) { try TCPProbe.connects(to: family.host, port: Self.allowedPort, within: 2, from: source.namespace) })
                matrix.record("(f) a container started after the operation, published \(by)", after: column, expected: true,
                              observed: try seen(expecting: true) { try web(latePort, from: source.namespace) })
            }
            let listener = family.listener
            let url = family.name == "IPv6" ? "http://[\(listener.address)]:\(listener.port)/" : "http://\(listener.address):\(listener.port)/"
            matrix.record("(e) a container connects out to the controller, \(family.name)", after: column, expected: true,
                          observed: try seen(expecting: true) { try docker.containerFetch(url).contains(listener.marker) }, yes: "works", no: "fails")
            let admin = try docker.sh("\(family.command) -S DOCKER-USER")
            matrix.record("(h) the admin's rule `-A DOCKER-USER -i eth0 … --dport \(Self.adminRestrictedPort) ! -s controller -j DROP` is in place, \(family.command)",
                          after: column, expected: true, observed: admin.contains("-i eth0 -p tcp -m tcp --dport \(Self.adminRestrictedPort)"), yes: "yes", no: "no")
            let wholeUplink = try docker.sh("\(family.command) -S | grep -c -- '-i eth0 -j ACCEPT' || true")
            matrix.record("(h) INPUT accepts nothing whole on eth0 (the uplink), \(family.command)", after: column, expected: true,
                          observed: wholeUplink == "0", yes: "yes", no: "no")
            let policy = try docker.sh("\(family.command) -S INPUT | head -n 1")
            matrix.record("firewall active (\(family.command) INPUT policy DROP)", after: column, expected: active,
                          observed: policy == "-P INPUT DROP", yes: "yes", no: "no")
        }
        try docker.sh("docker rm -f late\(step) >/dev/null")

        // Docker's jumps, once each (the script adds DOCKER-USER's where Docker wrote none: Docker
        // 20.10's IPv6, see Docs/firewall-script.md; Docker must not end up with a second one).
        let chains = engine.forwardChains.joined(separator: ", ")
        for family in families {
            let jumps = try docker.forwardJumps(family.command)
            matrix.record("(g) \(family.command) FORWARD jumps once to \(chains)", after: column, expected: true,
                          observed: engine.forwardChains.allSatisfy { chain in jumps.filter { $0 == chain }.count == 1 }, yes: "yes", no: "no")
        }
    }
}
