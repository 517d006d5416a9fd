import Testing

/// Which interfaces INPUT accepts whole: `lo`, `docker*`, `br-*`, `veth*`, and the bridges that
/// Docker's own chains name (a network made with `com.docker.network.bridge.name`). Never an
/// interface that only the admin's `DOCKER-USER` rules name (Docker's documentation tells admins
/// to write `-I DOCKER-USER -i ext_if ! -s ADMIN -j DROP`), never one that is no bridge, carries a
/// default route or is hardware.
@Suite("Docker interfaces: only Docker's own bridges are trusted")
struct DockerInterfaceTrustTests {
    static let ports = [22, 9999]

    /// SSH from c1's link only; nothing else is open.
    static let policy = TestPolicy(sshAllow: ["10.231.0.0/26", "fd00:231::a:0/112"])

    /// The admin's rules of Docker's documentation, on both client links, in both families.
    static func adminRules(_ family: AddressFamily) -> String {
        let admin = family == .v4 ? "10.231.0.2/32" : "fd00:231::a:2/128"
        return """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER-USER - [0:0]
            -A FORWARD -j DOCKER-USER
            -A DOCKER-USER -i lan1 ! -s \(admin) -j DROP
            -A DOCKER-USER -i lan2 ! -s \(admin) -j DROP
            -A DOCKER-USER -j RETURN
            COMMIT

            """
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: IptablesBackend.allCases)
    func anAdminsDockerUserRuleOpensNoPort(_ backend: IptablesBackend) throws {
        let lab = try TrafficLab()
        defer { lab.tearDown() }
        try lab.listen(in: lab.host, ports: Self.ports)
        for family in AddressFamily.allCases { try backend.restore(Self.adminRules(family), family, in: lab.host) }
        var policy = Self.policy
        policy.backend = backend.rawValue
        let script = try FirewallScript(policy)

        for verb in ["start", "restart"] {
            let result = try script.run(verb, in: lab.host)
            #expect(result.status == 0, "\(verb): \(result)")
            for family in AddressFamily.allCases {
                let rules = try backend.save(family, in: lab.host)
                #expect(!rules.contains("-i lan1 -j ACCEPT") && !rules.contains("-i lan2 -j ACCEPT"),
                        "\(verb) \(family): an interface named only in DOCKER-USER is accepted whole:\n\(rules)")
                #expect(rules.contains("-i lan2 -j DROP"), "\(verb) \(family): the admin's rule must stay:\n\(rules)")
            }
            let fromC1 = try lab.reachable(from: lab.client1, to: lab.hostForClient1, ports: Self.ports)
            #expect(fromC1 == [.v4: [22], .v6: [22]], "\(verb): from c1 (SSH allowed) \(fromC1)")
            let fromC2 = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: Self.ports)
            #expect(fromC2 == [.v4: [], .v6: []], "\(verb): from c2 (nothing allowed) \(fromC2)")
        }
    }

    /// Interfaces named by Docker's own chains: a bridge and a port of it are Docker's; a plain
    /// interface (no bridge) and a bridge that carries the default route are not, and say so.
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func onlyRealBridgesWithoutTheDefaultRouteCountAsDockers() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        // veth pairs stand in for ports and plain interfaces (a container's kernel may lack dummy).
        for command in [
            "ip link add mybr0 type bridge", "ip link add port0 type veth peer name port0p", "ip link set port0 master mybr0",
            "ip link add dock1 type veth peer name dock1p",
            "ip link add upbr type bridge", "ip link add up0 type veth peer name up0p", "ip link set up0 master upbr",
            "ip link set mybr0 up", "ip link set port0 up", "ip link set port0p up", "ip link set dock1 up", "ip link set dock1p up",
            "ip link set upbr up", "ip link set up0 up", "ip link set up0p up",
            "ip addr add 10.231.9.1/24 dev upbr", "ip route add default via 10.231.9.254 dev upbr",
        ] {
            try host.exec(command.split(separator: " ").map(String.init))
        }
        let docker = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER - [0:0]
            :DOCKER-ISOLATION-STAGE-1 - [0:0]
            -A FORWARD -j DOCKER-ISOLATION-STAGE-1
            -A FORWARD -o mybr0 -j DOCKER
            -A FORWARD -i mybr0 ! -o mybr0 -j ACCEPT
            -A DOCKER-ISOLATION-STAGE-1 -i mybr0 ! -o mybr0 -j RETURN
            -A DOCKER-ISOLATION-STAGE-1 -i port0 -j RETURN
            -A DOCKER-ISOLATION-STAGE-1 -i dock1 ! -o dock1 -j RETURN
            -A DOCKER-ISOLATION-STAGE-1 -i upbr ! -o upbr -j RETURN
            COMMIT

            """
        try IptablesBackend.nft.restore(docker, .v4, in: host)
        let script = try FirewallScript(Self.policy)
        let result = try script.run("start", in: host)
        #expect(result.status == 0, "\(result)")
        let accepted = try IptablesBackend.nft.save(.v4, in: host).split(separator: "\n")
            .filter { $0.hasPrefix("-A IPTFLEET-INPUT -i ") && $0.hasSuffix(" -j ACCEPT") }
            .map { $0.split(separator: " ")[3] }
        #expect(accepted == ["lo", "docker+", "br-+", "veth+", "mybr0", "port0"], "\(accepted)")
        #expect(result.stderr.contains("dock1, named in Docker's chains, is not a bridge"), "\(result)")
        #expect(result.stderr.contains("upbr carries a default route: not accepted as a Docker bridge"), "\(result)")
    }
}
