import Testing

/// `docker_preserve: no` (hosts without Docker): the filter table holds only our rules, and the
/// other tables are still not touched.
@Suite("docker_preserve off")
struct DockerPreserveOffTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func onlyOurRulesRemainInFilter() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try IptablesBackend.nft.restore(DockerDump.docker28.v4, .v4, in: host)
        let before = Ruleset(save: try IptablesBackend.nft.save(.v4, in: host))
        var policy = TestPolicy()
        policy.dockerPreserve = false
        #expect(try FirewallScript(policy).run("start", in: host).status == 0)
        let after = Ruleset(save: try IptablesBackend.nft.save(.v4, in: host))
        #expect(after.firewallPart == policy.expectedFirewall(.v4))
        #expect(after.tables["filter"]!.keys.sorted() == ["FORWARD", "INPUT", "IPTFLEET-INPUT", "IPTFLEET-LOG", "IPTFLEET-SCANS", "OUTPUT"])
        #expect(after.chain("FORWARD")!.rules.isEmpty)
        for table in ["nat", "raw"] { #expect(after.tables[table] == before.tables[table], "\(table) must not change") }
    }
}
