import Testing

/// `docker_published_rules` in DOCKER-USER: a container's published port 8080 (DNAT, as
/// Docker 28 sets it up) admits only the listed source, over IPv4 and IPv6; the published port
/// no rule names (8081) stays open to everyone, and `stop` opens 8080 again.
@Suite("Packets: published container ports admit only the listed sources")
struct PublishedPortTests {
    static let policy = TestPolicy(
        published: [TestRule(desc: "pub", ports: ["8080"], from: ["10.231.0.2/32", "fd00:231::a:2/128"])])

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: IptablesBackend.allCases)
    func publishedPortAdmitsOnlyListedSources(_ backend: IptablesBackend) throws {
        let lab = try TrafficLab()
        defer { lab.tearDown() }
        for family in AddressFamily.allCases {
            try backend.restore(LabDocker.dump(family), family, in: lab.host)
        }
        try lab.listen(in: lab.container.namespace, ports: [80, 81])
        let script = try FirewallScript(Self.policy)
        let both: [AddressFamily: Set<Int>] = [.v4: [8080, 8081], .v6: [8080, 8081]]

        let beforeStart = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: [8080, 8081])
        #expect(beforeStart == both, "\(beforeStart) — before start Docker's DNAT must deliver both published ports")

        let started = try script.run("start", in: lab.host)
        #expect(started.status == 0, "\(started)")
        let afterStartC1 = try lab.reachable(from: lab.client1, to: lab.hostForClient1, ports: [8080, 8081])
        #expect(afterStartC1 == both, "\(afterStartC1)")
        let afterStartC2 = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: [8080, 8081])
        #expect(afterStartC2 == [.v4: [8081], .v6: [8081]], "\(afterStartC2)")

        let stopped = try script.run("stop", in: lab.host)
        #expect(stopped.status == 0, "\(stopped)")
        let afterStop = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: [8080, 8081])
        #expect(afterStop == both, "\(afterStop)")
    }

    /// Docker 20.10 with `ip6tables` writes no DOCKER-USER chain and no jump to it for IPv6, and
    /// puts its IPv6 FORWARD rules above ours whenever dockerd starts (measured on a booted host,
    /// see Docs/compatibility.md); a host where Docker has not started yet has no jump either. The
    /// script puts FORWARD's jump first itself, or the rules are never seen and port 8080 stays
    /// open to everyone.
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func publishedPortIsRestrictedWhereDockerWroteNoDockerUser() throws {
        let lab = try TrafficLab()
        defer { lab.tearDown() }
        for family in AddressFamily.allCases {
            let withoutDockerUser = LabDocker.dump(family).split(separator: "\n").filter { !$0.contains("DOCKER-USER") }
            try IptablesBackend.nft.restore(withoutDockerUser.joined(separator: "\n") + "\n", family, in: lab.host)
        }
        try lab.listen(in: lab.container.namespace, ports: [80, 81])
        let script = try FirewallScript(Self.policy)
        #expect(try script.run("start", in: lab.host).status == 0)
        let client1 = try lab.reachable(from: lab.client1, to: lab.hostForClient1, ports: [8080, 8081])
        #expect(client1 == [.v4: [8080, 8081], .v6: [8080, 8081]], "\(client1)")
        let client2 = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: [8080, 8081])
        #expect(client2 == [.v4: [8081], .v6: [8081]], "\(client2)")
        // Docker 20.10 starting again: its rules above the jump. The next start puts the jump
        // back first, once.
        for family in AddressFamily.allCases {
            let tool = family == .v4 ? "iptables-nft" : "ip6tables-nft"
            try lab.host.exec([tool, "-I", "FORWARD", "1", "-o", "docker0", "-j", "DOCKER"])
        }
        #expect(try script.run("start", in: lab.host).status == 0)
        for family in AddressFamily.allCases {
            let forward = try IptablesBackend.nft.save(family, in: lab.host).split(separator: "\n").filter { $0.hasPrefix("-A FORWARD ") }
            #expect(forward.first == "-A FORWARD -j DOCKER-USER", "\(family): \(forward)")
            #expect(forward.filter { $0 == "-A FORWARD -j DOCKER-USER" }.count == 1, "\(family): \(forward)")
        }
    }
}
