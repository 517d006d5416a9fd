import Testing
@testable import IptFleetCore

struct HostConfigurationBuilderTests {
    @Test func defaultsGiveTheUpstreamPolicy() throws {
        let policy = try #require(try PolicyFixture.outcome().configuration).policy
        #expect(policy.dockerPreserve)
        #expect(!policy.swarmEnabled)
        #expect(policy.sshPort == 22)
        #expect(policy.sshSources.ipv4 == ["0.0.0.0/0"])
        #expect(policy.sshSources.ipv6 == ["::/0"])
        #expect(policy.icmpEnabled)
        #expect(policy.allowRules.isEmpty)
        #expect(policy.firewallServices == ["ufw", "firewalld"])
        #expect(policy.backend == .auto)
    }

    @Test(arguments: [
        ("swarm_enabled: \"no\"", false), ("swarm_enabled: \"NO\"", false), ("swarm_enabled: \"off\"", false),
        ("swarm_enabled: \"0\"", false), ("swarm_enabled: \"yes\"", true), ("swarm_enabled: \"On\"", true),
        ("swarm_enabled: 1", true), ("swarm_enabled: \"True\"", true),
    ])
    func booleansAsAnsibleBoolFilter(yaml: String, expected: Bool) throws {
        #expect(try #require(try PolicyFixture.outcome(yaml).configuration).policy.swarmEnabled == expected)
    }

    @Test func sshPortComesFromAnsiblePortAndSourcesSplitByFamily() throws {
        let policy = try #require(try PolicyFixture.outcome("""
            ansible_port: 2222
            ssh_allow_cidr: [10.1.2.3/8, "2001:db8::1/32", 192.168.1.7]
            """).configuration).policy
        #expect(policy.sshPort == 2222)
        #expect(policy.sshSources.ipv4 == ["10.0.0.0/8", "192.168.1.7/32"])
        #expect(policy.sshSources.ipv6 == ["2001:db8::/32"])
    }

    @Test func allowRulesWithRangesListsAndDefaults() throws {
        let rules = try #require(try PolicyFixture.outcome("""
            iptables_allow_rules:
              - {desc: web, proto: tcp, port: [80, 443, "8000:8100"]}
              - {desc: dns, proto: UDP, port: 53, from: 10.0.0.0/8}
            """).configuration).policy.allowRules
        #expect(rules.count == 2)
        #expect(rules[0].ports.description == "80,443,8000:8100")
        #expect(rules[0].ports.needsMultiport)
        #expect(rules[0].sources.isAnywhere)
        #expect(rules[1].proto == .udp)
        #expect(rules[1].sources.ipv4 == ["10.0.0.0/8"])
        #expect(rules[1].sources.ipv6.isEmpty)
    }

    /// Every bad value is reported with variable, host, file and line; all of them, not the first.
    @Test func everyErrorNamesVariableHostFileAndLine() throws {
        let outcome = try PolicyFixture.outcome("""
            ssh_allow_cidr: 10.0.0.300/8
            swarm_enabled: maybe
            ansible_port: 70000
            iptables_backend: iptables
            iptables_allow_rules:
              - desc: ""
                proto: icmp
                port: 99999
              - desc: ok
                proto: tcp
                prot: tcp
                port: "10:5"
                from: [10.0.0.0/8, nonsense]
              - just a string
            firewall_services: [ufw, "bad name"]
            """)
        #expect(outcome.configuration == nil)
        let messages = outcome.errors.map(\.description)
        let expected = [
            "overrides.yml:1: host 'h1': ssh_allow_cidr: \"10.0.0.300/8\" is not a valid IPv4 or IPv6 network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)",
            "overrides.yml:2: host 'h1': swarm_enabled: expected a boolean (yes/no, true/false, on/off, 1/0), got \"maybe\"",
            "overrides.yml:3: host 'h1': ansible_port: expected a port number from 1 to 65535, got 70000",
            "overrides.yml:4: host 'h1': iptables_backend: expected one of auto, nft, legacy, got \"iptables\"",
            "overrides.yml:6: host 'h1': iptables_allow_rules[0].desc: needs a non-empty description (it becomes the rule's iptables comment)",
            "overrides.yml:6: host 'h1': iptables_allow_rules[0].proto: expected one of dccp, sctp, tcp, udp, udplite, got \"icmp\"",
            "overrides.yml:6: host 'h1': iptables_allow_rules[0].port: port 99999 is out of range (1-65535)",
            "overrides.yml:9: host 'h1': iptables_allow_rules[1]: unknown key 'prot' (did you mean 'proto'?); a rule has desc, proto, port and from",
            "overrides.yml:9: host 'h1': iptables_allow_rules[1].port: port range '10:5' must go from low to high",
            "overrides.yml:9: host 'h1': iptables_allow_rules[1].from: \"nonsense\" is not a valid IPv4 or IPv6 network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)",
            "overrides.yml:14: host 'h1': iptables_allow_rules[2]: expected a mapping with desc, proto, port and from, got \"just a string\"",
            "overrides.yml:15: host 'h1': firewall_services[1]: \"bad name\" is not a firewall manager: iptfleet stops and disables only \(FirewallManagerServices.known.sorted().joined(separator: ", ")) (stopping any other unit, such as ssh or docker, could cut the host off)",
        ]
        for message in expected { #expect(messages.contains(message), "missing: \(message)\nall: \(messages.joined(separator: "\n"))") }
        #expect(messages.count == expected.count, "\(messages.joined(separator: "\n"))")
    }

    /// Stopping sshd, Docker or the network is no firewall change: refused before any host is
    /// contacted, however the name is written (security review F2, F19).
    @Test(arguments: ["ssh", "sshd", "ssh.service", "docker", "containerd", "networking", "systemd-networkd", "fail2ban", "--now", "-Hroot@evil.example"])
    func aServiceThatIsNoFirewallManagerIsRefused(service: String) throws {
        let outcome = try PolicyFixture.outcome("firewall_services: [ufw, \"\(service)\"]\n")
        #expect(outcome.configuration == nil)
        #expect(outcome.errors.map(\.description) == [
            "overrides.yml:1: host 'h1': firewall_services[1]: \"\(service)\" is not a firewall manager: iptfleet stops and disables only \(FirewallManagerServices.known.sorted().joined(separator: ", ")) (stopping any other unit, such as ssh or docker, could cut the host off)",
        ])
    }

    @Test func firewallManagersAreAcceptedWithOrWithoutTheirSuffix() throws {
        let outcome = try PolicyFixture.outcome("firewall_services: [ufw.service, firewalld, nftables, netfilter-persistent, shorewall]\n")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.configuration?.policy.firewallServices == ["ufw.service", "firewalld", "nftables", "netfilter-persistent", "shorewall"])
    }

    @Test func descriptionThatWouldBreakTheScriptIsRejected() throws {
        let outcome = try PolicyFixture.outcome(#"iptables_allow_rules: [{desc: "x\" -j ACCEPT", proto: tcp, port: 1}]"#)
        #expect(outcome.errors.map(\.message) == ["must be printable ASCII without \", \\, ` or $ (found \"\\\"\")"])
    }

    @Test func nearMissNamesWarnWithASuggestion() throws {
        let outcome = try PolicyFixture.outcome("swarm_enable: yes\nssh_allow_cidrs: 10.0.0.0/8\nmy_own_var: 1\n")
        #expect(outcome.configuration != nil)
        #expect(outcome.warnings.map(\.description) == [
            "overrides.yml:2: host 'h1': ssh_allow_cidrs: unknown variable; did you mean 'ssh_allow_cidr'?",
            "overrides.yml:1: host 'h1': swarm_enable: unknown variable; did you mean 'swarm_enabled'?",
        ])
    }

    @Test func icmpAliasWinsWithAWarning() throws {
        let outcome = try PolicyFixture.outcome("enable_icmp_messages: no\n")
        #expect(outcome.configuration?.policy.icmpEnabled == false)
        #expect(outcome.warnings.map(\.variable) == ["enable_icmp_messages"])
    }

    @Test func missingDefaultIsAnError() throws {
        var variables = try PolicyFixture.defaults()
        variables["docker_preserve"] = nil
        let outcome = HostConfigurationBuilder().build(host: "h1", variables: variables)
        #expect(outcome.errors.map(\.description) == ["host 'h1': docker_preserve: has no value; the defaults (GroupVars/all.yml, or --defaults) should define it"])
    }

    @Test func connectionVariables() throws {
        let connection = try #require(try PolicyFixture.outcome("""
            ansible_host: 192.0.2.10
            ansible_user: deploy
            ansible_become: "yes"
            ansible_ssh_private_key_file: ~/.ssh/fleet
            ansible_ssh_common_args: -o ProxyJump=bastion
            """).configuration).connection
        #expect(connection.address == "192.0.2.10" && connection.port == 22 && !connection.portIsSet)
        #expect(connection.user == "deploy" && connection.privateKeyFile == "~/.ssh/fleet")
        #expect(connection.become == true && connection.becomeUser == nil)
        #expect(connection.sshArguments.map(\.name) == ["ansible_ssh_common_args"])
        #expect(connection.sshArguments.first?.value == "-o ProxyJump=bastion")
        #expect(connection.sshArguments.first?.origin.isEmpty == false)
    }

    @Test func unsetConnectionVariablesStayUnsetForLowerSources() throws {
        let connection = try #require(try PolicyFixture.outcome("ansible_port: 2222\n").configuration).connection
        #expect(connection.portIsSet && connection.port == 2222)
        #expect(connection.become == nil && connection.user == nil && connection.sshArguments.isEmpty)
    }

    /// As ansible-core's ssh plugin: of `ansible_port`/`ansible_ssh_port` (likewise host, user and
    /// key file) the later alias wins wherever each was set, and null counts as unset.
    @Test func sshPluginAliasesWinOverTheShortNamesWhereverSet() throws {
        var variables = try PolicyFixture.defaults()
        variables.override(with: try VarsFileLoader.parse("""
            ansible_ssh_port: 2222
            ansible_ssh_host: 192.0.2.20
            ansible_user: group-user
            """, path: "group_vars/all.yml"))
        variables.override(with: try VarsFileLoader.parse("""
            ansible_port: 22
            ansible_host: 192.0.2.10
            ansible_ssh_user: host-user
            ansible_private_key_file: ~/.ssh/fleet
            """, path: "host_vars/h1.yml"))
        let configuration = try #require(HostConfigurationBuilder().build(host: "h1", variables: variables).configuration)
        #expect(configuration.policy.sshPort == 2222)
        #expect(configuration.connection.port == 2222 && configuration.connection.portIsSet)
        #expect(configuration.connection.address == "192.0.2.20")
        #expect(configuration.connection.user == "host-user")
        #expect(configuration.connection.privateKeyFile == "~/.ssh/fleet")
    }

    @Test func aNullAliasCountsAsUnset() throws {
        let configuration = try #require(try PolicyFixture.outcome("ansible_port: 2200\nansible_ssh_port: null\n").configuration)
        #expect(configuration.policy.sshPort == 2200)
    }
}
