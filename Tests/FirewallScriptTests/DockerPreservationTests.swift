import Testing

/// For every Docker dump, backend and awk: `start`, `restart` and `stop` leave Docker's chains
/// and rules (all tables, IPv4 and IPv6) exactly as they were, and our own rules are exactly
/// what the variables ask for.
@Suite("Docker's rules survive start, restart and stop")
struct DockerPreservationTests {
    @Test("the fixture dumps are where the tests read them", arguments: DockerDump.all)
    func fixtureIsPresent(dump: DockerDump) {
        #expect(dump.v4.contains("*filter") && dump.v4.contains("*nat"), "Tests/Fixtures/docker-iptables/\(dump.name).save is missing or empty")
    }

    /// One dump loaded with one backend, the script run with one awk and one shell.
    struct Case: Sendable, CustomTestStringConvertible {
        let dump: DockerDump
        let backend: IptablesBackend
        let awk: String
        let shell: [String]

        var testDescription: String { "\(dump.name) / \(backend.rawValue) / \(awk) awk / \(shell.joined(separator: " "))" }
    }

    /// Each awk runs under a different shell too: dash with mawk (Debian's defaults), bash in
    /// POSIX mode with gawk, busybox sh with busybox awk.
    static let cases: [Case] = DockerDump.all.flatMap { dump in
        IptablesBackend.allCases.flatMap { backend in
            [Case(dump: dump, backend: backend, awk: "mawk", shell: ["/bin/sh"]),
             Case(dump: dump, backend: backend, awk: "gawk", shell: ["/bin/bash", "--posix"]),
             Case(dump: dump, backend: backend, awk: "busybox", shell: ["/usr/bin/busybox", "sh"])]
        }
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: cases)
    func verbsKeepDockerAndInstallExactlyOurRules(_ testCase: Case) throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        // The dump's other Docker networks are real bridges, as on a Docker host.
        for bridge in testCase.dump.otherInterfaces { try host.exec(["ip", "link", "add", bridge, "type", "bridge"]) }
        for family in AddressFamily.allCases {
            try testCase.backend.restore(testCase.dump.text(family), family, in: host)
        }
        let before = try snapshot(host, testCase.backend)
        let policy = TestPolicy.everything
        let script = try FirewallScript(policy)

        for verb in ["start", "restart", "stop"] {
            let result = try script.run(verb, in: host, awk: Lab.awks[testCase.awk]!, shell: testCase.shell)
            #expect(result.status == 0, "\(verb): \(result)")
            let after = try snapshot(host, testCase.backend)
            for family in AddressFamily.allCases {
                #expect(after[family]!.withoutFirewall == before[family]!.withoutFirewall,
                        "\(verb) \(family): Docker's part changed\nbefore:\n\(before[family]!.withoutFirewall)\nafter:\n\(after[family]!.withoutFirewall)")
                let expected = verb == "stop" ? TestPolicy.expectedStopped
                    : policy.expectedFirewall(family, otherInterfaces: testCase.dump.otherInterfaces)
                #expect(after[family]!.firewallPart == expected, "\(verb) \(family)")
                if verb != "stop" {
                    #expect(after[family]!.chain("DOCKER-USER")?.rules.first
                            == "-A DOCKER-USER -m conntrack --ctstate DNAT --ctdir ORIGINAL -j IPTFLEET-PUBLISHED",
                            "\(verb) \(family): the published-port jump must come first in DOCKER-USER")
                }
            }
        }
    }

    private func snapshot(_ namespace: NetworkNamespace, _ backend: IptablesBackend) throws -> [AddressFamily: Ruleset] {
        var result: [AddressFamily: Ruleset] = [:]
        for family in AddressFamily.allCases { result[family] = Ruleset(save: try backend.save(family, in: namespace)) }
        return result
    }
}
