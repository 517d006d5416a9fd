import Testing

/// `iptables_ipv6: no` leaves ip6tables alone, and turning it off after a run with it on takes
/// our IPv6 rules away (keeping Docker's) instead of leaving a stale DROP policy behind.
@Suite("IPv6 on and off")
struct IPv6SwitchTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func turningIPv6OffRemovesOurIPv6Rules() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        for family in AddressFamily.allCases { try IptablesBackend.nft.restore(DockerDump.docker28.text(family), family, in: host) }
        let dockerV6 = Ruleset(save: try IptablesBackend.nft.save(.v6, in: host))
        #expect(try FirewallScript(TestPolicy()).run("start", in: host).status == 0)
        #expect(Ruleset(save: try IptablesBackend.nft.save(.v6, in: host)).firewallPart != TestPolicy.expectedStopped)

        var off = TestPolicy()
        off.ipv6 = false
        let result = try FirewallScript(off).run("start", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("IPv6: firewall removed (iptables_ipv6 is off)"))
        let v6 = Ruleset(save: try IptablesBackend.nft.save(.v6, in: host))
        #expect(v6.firewallPart == TestPolicy.expectedStopped)
        #expect(v6.withoutFirewall == dockerV6.withoutFirewall)
        #expect(Ruleset(save: try IptablesBackend.nft.save(.v4, in: host)).firewallPart == off.expectedFirewall(.v4))

        let again = try FirewallScript(off).run("start", in: host)
        #expect(!again.stdout.contains("IPv6"), "with IPv6 off and nothing of ours left, ip6tables is not touched: \(again.stdout)")
    }
}
