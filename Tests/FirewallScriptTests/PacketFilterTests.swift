import Testing

/// Real connections from two clients to the host, IPv4 and IPv6, before `start`, after it and
/// after `stop`: only the SSH port (ansible_port, from ssh_allow_cidr) and the allowed ports get
/// through, and an allow rule with `from` admits only that source.
@Suite("Packets: SSH and allowed ports open, the rest dropped")
struct PacketFilterTests {
    static let ports = [22, 2222, 8443, 9000, 9999]

    /// SSH on 2222 from c1's link only; 8443 from c1 only; 9000:9001 from anyone.
    static let policy = TestPolicy(
        sshPort: 2222, sshAllow: ["10.231.0.0/26", "fd00:231::a:0/112"],
        allowRules: [TestRule(desc: "web from c1", ports: ["8443"], from: ["10.231.0.2/32", "fd00:231::a:2/128"]),
                     TestRule(desc: "api", ports: ["9000:9001"])])

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: IptablesBackend.allCases)
    func onlyTheListedPortsAndSourcesGetThrough(_ backend: IptablesBackend) throws {
        let lab = try TrafficLab()
        defer { lab.tearDown() }
        try lab.listen(in: lab.host, ports: Self.ports)
        var policy = Self.policy
        policy.backend = backend.rawValue
        let script = try FirewallScript(policy)
        let everything: [AddressFamily: Set<Int>] = [.v4: Set(Self.ports), .v6: Set(Self.ports)]

        let beforeStart = try lab.reachable(from: lab.client1, to: lab.hostForClient1, ports: Self.ports)
        #expect(beforeStart == everything, "\(beforeStart) — before start every listener must answer, or a closed port proves nothing")

        let started = try script.run("start", in: lab.host)
        #expect(started.status == 0, "\(started)")
        let afterStartC1 = try lab.reachable(from: lab.client1, to: lab.hostForClient1, ports: Self.ports)
        #expect(afterStartC1 == [.v4: [2222, 8443, 9000], .v6: [2222, 8443, 9000]], "\(afterStartC1)")
        let afterStartC2 = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: Self.ports)
        #expect(afterStartC2 == [.v4: [9000], .v6: [9000]], "\(afterStartC2)")
        let inUse = try backend.save(.v4, in: lab.host)
        #expect(inUse.contains(":IPTFLEET-INPUT"), "iptables_backend=\(backend.rawValue) must put the rules in \(backend.tool(.v4))")

        let stopped = try script.run("stop", in: lab.host)
        #expect(stopped.status == 0, "\(stopped)")
        let afterStop = try lab.reachable(from: lab.client2, to: lab.hostForClient2, ports: Self.ports)
        #expect(afterStop == everything, "\(afterStop)")
    }
}
