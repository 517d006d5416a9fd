import Testing

/// On a swarm node with an encrypted overlay, `start` and `stop` keep Docker's ingress chains,
/// its encrypted-overlay VXLAN rules in INPUT (ahead of our rules) and its mangle marks, and a
/// user chain DOCKER-USER jumps to; rules of other tools and upstream's leftovers in filter go.
@Suite("Swarm, encrypted overlay and DOCKER-USER's own chains survive")
struct SwarmPreservationTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: IptablesBackend.allCases)
    func swarmStateSurvivesAndForeignRulesGo(_ backend: IptablesBackend) throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try backend.restore(SwarmDump.docker, .v4, in: host)
        let docker = Ruleset(save: try backend.save(.v4, in: host))
        try host.exec(["\(backend.tool(.v4))-restore", "--noflush"], input: SwarmDump.foreign)
        #expect(Ruleset(save: try backend.save(.v4, in: host)) != docker, "the foreign rules must be loaded")

        var policy = TestPolicy()
        policy.swarm = true
        policy.swarmESP = true
        let script = try FirewallScript(policy)
        for verb in ["start", "stop", "start"] {
            let result = try script.run(verb, in: host)
            #expect(result.status == 0, "\(verb): \(result)")
            let after = Ruleset(save: try backend.save(.v4, in: host))
            #expect(after.withoutFirewall == docker.withoutFirewall, "\(verb)\nexpected:\n\(docker.withoutFirewall)\nafter:\n\(after.withoutFirewall)")
            #expect(after.firewallPart == (verb == "stop" ? TestPolicy.expectedStopped : policy.expectedFirewall(.v4)))
            if verb == "start" {
                #expect(after.chain("INPUT")!.rules.last == "-A INPUT -j IPTFLEET-INPUT",
                        "Docker's VXLAN rules must stay ahead of our rules")
            }
        }
    }
}
