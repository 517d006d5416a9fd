import Foundation
import TestSupport
import Testing
import IptFleetCore
@testable import IptFleetDeploy

/// The pure parts of the safety model: batches, the lock-out and swarm checks, the new probe facts.
struct SafetyLogicTests {
    @Test func serialListsCutTheFleetAsAnsibleDoes() throws {
        // Ansible: serial [1, 5, "25%"] over 20 hosts → 1, 5, 5, 5, 4 (the last size repeats).
        let plan = try RolloutPlan(serial: "1,5,25%", maxFailPercentage: nil)
        #expect(plan.batches(count: 20).map(\.count) == [1, 5, 5, 5, 4])
        #expect(try RolloutPlan(serial: "30%", maxFailPercentage: nil).batches(count: 10).map(\.count) == [3, 3, 3, 1])
        #expect(try RolloutPlan(serial: "1%", maxFailPercentage: nil).batches(count: 3).map(\.count) == [1, 1, 1], "a percentage gives at least one host")
        #expect(RolloutPlan().batches(count: 7) == [0..<7])
        #expect(RolloutPlan().batches(count: 0).isEmpty)
        for bad in ["0", "", "1,,2", "abc", "101%", "-1", "2.5"] {
            #expect(throws: RolloutPlan.Invalid.self, "\(bad)") { try RolloutPlan(serial: bad, maxFailPercentage: nil) }
        }
    }

    @Test func maxFailPercentageStopsLikeAnsible() {
        let strict = RolloutPlan(sizes: [.hosts(2)], maxFailPercentage: 0)
        #expect(strict.stopReason(failures: 0, size: 2) == nil)
        #expect(strict.stopReason(failures: 1, size: 2) == "1 of 2 host(s) failed, more than --max-fail-percentage 0")
        let half = RolloutPlan(sizes: [.hosts(4)], maxFailPercentage: 50)
        #expect(half.stopReason(failures: 2, size: 4) == nil, "exactly 50% is not more than 50%")
        #expect(half.stopReason(failures: 3, size: 4) != nil)
        let unset = RolloutPlan(sizes: [.hosts(3)])
        #expect(unset.stopReason(failures: 2, size: 3) == nil)
        #expect(unset.stopReason(failures: 3, size: 3) == "every host of the batch failed")
    }

    /// The shipped defaults with these SSH sources, tcp/udp allow rules and swarm sources.
    static func policy(ssh: [String], allow: [(String, Int, [String])] = [], swarm: [String]? = nil) throws -> FirewallPolicy {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var json = ["\"ssh_allow_cidr\": \(list(ssh))"]
        json.append("\"iptables_allow_rules\": [" + allow.map { "{\"desc\": \"r\", \"proto\": \"\($0.0)\", \"port\": \($0.1), \"from\": \(list($0.2))}" }.joined(separator: ", ") + "]")
        if let swarm { json += ["\"swarm_enabled\": true", "\"swarm_cidr\": \(list(swarm))"] }
        return try ScriptedFlow.configuration(variables: json.joined(separator: ", ")).policy
    }

    @Test func sshAdmissionLooksAtTheSSHRuleAndTheAllowRules() throws {
        let policy = try Self.policy(ssh: ["10.0.0.0/8", "2001:db8::/32"], allow: [("tcp", 2222, ["192.0.2.7"]), ("udp", 22, ["0.0.0.0/0"])])
        #expect(policy.admitsSSH(from: "10.20.30.40", port: 22))
        #expect(policy.admitsSSH(from: "::ffff:10.20.30.40", port: 22), "an IPv4-mapped address counts as IPv4")
        #expect(policy.admitsSSH(from: "2001:db8:1::5", port: 22))
        #expect(!policy.admitsSSH(from: "192.0.2.7", port: 22), "udp/22 from anywhere does not admit SSH")
        #expect(policy.admitsSSH(from: "192.0.2.7", port: 2222), "an allow rule admits its port")
        #expect(!policy.admitsSSH(from: "10.20.30.40", port: 2222))
        #expect(!policy.admitsSSH(from: "11.0.0.1", port: 22))
        #expect(try Self.policy(ssh: ["0.0.0.0/0"]).admitsSSH(from: "2001:db8::1", port: 22), "0.0.0.0/0 means anyone")
    }

    @Test func theLockOutRefusalNamesAddressPortAndFix() throws {
        var facts = HostFacts()
        facts.sshConnection = HostFacts.SSHConnection(clientAddress: "10.231.128.1", serverPort: 22)
        let refusal = LockoutCheck.afterProbe(facts, policy: try Self.policy(ssh: ["192.0.2.0/24"]))
        #expect(refusal == "the new rules would lock iptfleet out: SSH from 10.231.128.1 to port 22 (as seen by the host ($SSH_CONNECTION)) is not admitted (ssh_allow_cidr: 192.0.2.0/24, SSH port 22); add 10.231.128.1 to ssh_allow_cidr")
        #expect(LockoutCheck.afterProbe(facts, policy: try Self.policy(ssh: ["10.231.128.0/24"])) == nil)
        #expect(LockoutCheck.afterProbe(HostFacts(), policy: try Self.policy(ssh: ["192.0.2.0/24"])) == nil, "no $SSH_CONNECTION: nothing to check")
    }

    @Test func thePreflightRefusesALockOutUnlessForcedAndOnlyForADeploy() throws {
        let closed = try ScriptedFlow.target("127.0.0.1", variables: #""ssh_allow_cidr": ["192.0.2.0/24"]"#)
        let open = try ScriptedFlow.target("127.0.0.1", variables: #""ssh_allow_cidr": ["127.0.0.0/8"]"#)
        let reason = "the new rules would lock iptfleet out: SSH from 127.0.0.1 to port 22 (as seen by this machine's route to the host) is not admitted "
            + "(ssh_allow_cidr: 192.0.2.0/24, SSH port 22); add 127.0.0.1 to ssh_allow_cidr"
        #expect(throws: LockoutCheck.LockedOut(refusals: [LockoutCheck.Refusal(host: "127.0.0.1", reason: reason)])) {
            try LockoutCheck.preflight([open, closed], operation: .deploy, force: false)
        }
        do {
            _ = try LockoutCheck.preflight([closed], operation: .deploy, force: false)
            Issue.record("a lock-out was not refused")
        } catch {
            #expect(error.lines == ["127.0.0.1: \(reason) (--force overrides)"])
        }
        #expect(try LockoutCheck.preflight([open, closed], operation: .deploy, force: true)
                == ["--force: 127.0.0.1: \(reason); going on, the host's rollback timer is the only safety left"])
        #expect(try LockoutCheck.preflight([open], operation: .deploy, force: false).isEmpty)
        for operation in [HostOperation.status, .ping, .uninstall, .rollback] {
            #expect(try LockoutCheck.preflight([closed], operation: operation, force: false).isEmpty, "\(operation) changes no rules")
        }
    }

    @Test func theRouteLookUpFindsTheLocalSourceWithoutSendingAnything() {
        #expect(LocalRoute.sourceAddress(toward: "127.0.0.1", port: 22) == "127.0.0.1")
    }

    @Test func theProbeReportsTheConnectionAndTheSwarm() throws {
        let facts = try HostProbe.parse("""
            init=systemd
            pending=0123456789ab
            previous=ba9876543210
            ssh_connection=10.231.128.1 51234 10.231.128.5 22
            @docker
            swarm=active true 10.231.128.5
            swarm_managers=10.231.128.5:2377 10.231.128.6:2377 
            swarm_node=["m1","10.231.128.5","ready","reachable"]
            swarm_node=["m2","10.231.128.6","down","unreachable"]
            swarm_node=["w1","10.231.128.7","ready",""]
            swarm_peers=10.231.128.8 10.231.128.5 
            """)
        #expect(facts.sshConnection == HostFacts.SSHConnection(clientAddress: "10.231.128.1", serverPort: 22))
        #expect(facts.pendingChange == "0123456789ab" && facts.previousChange == "ba9876543210")
        #expect(facts.swarm.isActive && facts.swarm.isManager && facts.swarm.nodeAddress == "10.231.128.5")
        #expect(facts.swarm.peerAddresses == ["10.231.128.6", "10.231.128.7", "10.231.128.8"])
        #expect(facts.swarm.unhealthyManagers == ["m2 (down, unreachable)"])
        let leaderless = try HostProbe.parse("@docker\nswarm=active true 10.231.128.5\nswarm_nodes_error=Error response from daemon: rpc error: code = Unknown desc = The swarm does not have a leader.\n",
                                             requireInit: false)
        #expect(leaderless.swarm.unhealthyManagers == ["this manager cannot list the swarm's nodes (Error response from daemon: rpc error: code = Unknown desc = The swarm does not have a leader.)"])
        #expect(HostProbe.withoutPort("[2001:db8::1]:2377") == "2001:db8::1")
        #expect(HostProbe.withoutPort("2001:db8::1") == "2001:db8::1")
    }

    /// A swarm node's host name is chosen by whoever is root on that node; in a manager's answer
    /// it must stay a name, never become a fact of the manager (security review F10).
    @Test func textFromDockerCannotPoseAsTheHostsFacts() throws {
        let facts = try HostProbe.parse(#"""
            init=systemd
            ssh_connection=10.231.128.1 51234 10.231.128.5 22
            @docker
            swarm=active true 10.231.128.5
            swarm_node=["w\npending=forged\nssh_connection=192.0.2.1 1 10.231.128.5 22","10.231.128.7","ready",""]
            pending=forged
            file=0000000000000000000000000000000000000000000000000000000000000000 700 root root /usr/local/sbin/iptables-docker.sh
            swarm_node=w2 10.231.128.8 ready
            @
            @docker
            init=forged
            """#)
        #expect(facts.pendingChange == nil && facts.files.isEmpty && facts.initSystem == .systemd)
        #expect(facts.sshConnection?.clientAddress == "10.231.128.1")
        #expect(facts.swarm.nodes.map(\.hostname) == ["w\npending=forged\nssh_connection=192.0.2.1 1 10.231.128.5 22"], "the line of the old format is ignored")
    }

    @Test func aSwarmNodeNeedsItsPeersAdmitted() throws {
        var swarm = SwarmMembership()
        swarm.localState = .active
        swarm.nodeAddress = "10.0.0.5"
        swarm.managerAddresses = ["10.0.0.6", "10.1.0.7"]
        #expect(SwarmCheck.refusal(swarm, policy: try Self.policy(ssh: ["0.0.0.0/0"])) ==
                "the host is a swarm worker but swarm_enabled is false: the new rules would cut it off the swarm; set swarm_enabled and swarm_cidr")
        #expect(SwarmCheck.refusal(swarm, policy: try Self.policy(ssh: ["0.0.0.0/0"], swarm: ["10.0.0.0/24"])) ==
                "swarm_cidr (10.0.0.0/24) does not admit the swarm peers 10.1.0.7: this worker would drop out of the swarm; widen swarm_cidr")
        #expect(SwarmCheck.refusal(swarm, policy: try Self.policy(ssh: ["0.0.0.0/0"], swarm: ["10.0.0.0/8"])) == nil)
        #expect(SwarmCheck.refusal(SwarmMembership(), policy: try Self.policy(ssh: ["0.0.0.0/0"])) == nil, "not in a swarm")
    }
}

/// Which whole-interface accepts in INPUT `status` reports as a hole in the firewall.
struct InputExposureTests {
    @Test func onlyInterfacesThatAreNotDockersAreExposed() throws {
        let facts = try HostProbe.parse("""
            init=systemd
            @status
            input_accepts=lo other
            input_accepts=docker+ absent
            input_accepts=br-+ absent
            input_accepts=veth1234 other
            input_accepts=mybr0 bridge
            input_accepts=gone0 absent
            input_accepts=eth0 uplink
            input_accepts=enp3s0 hardware
            input_accepts=tun0 other
            """)
        #expect(InputExposure.exposed(facts) == [
            "enp3s0 (a hardware interface)", "eth0 (a default route leaves by it)", "tun0 (not a bridge)",
        ])
        let status = HostStatusReport(facts, layout: PlanTests.layout)
        #expect(status.status == .failed)
        #expect(status.problem?.hasPrefix("INPUT accepts every packet on enp3s0 (a hardware interface), eth0 (a default route leaves by it), tun0 (not a bridge): the firewall is open there") == true, "\(status.problem ?? "")")
        #expect(HostStatusReport(try HostProbe.parse("init=systemd\n@status\ninput_accepts=lo other\n"), layout: PlanTests.layout).status == .ok)
    }

    /// The probe's own shell tells a bridge, an uplink and a plain interface apart, in a network
    /// namespace with real iptables.
    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables-nft"), "needs root and iptables"))
    func theProbeClassifiesRealInterfaces() throws {
        let name = "iptf-exp-\(getpid())"
        let setup = ["ip link add br9 type bridge", "ip link add up9 type veth peer name up9p", "ip link set br9 up", "ip link set up9 up",
                     "ip link set up9p up", "ip addr add 10.231.19.1/24 dev up9", "ip route add default via 10.231.19.254",
                     "iptables -A INPUT -i br9 -j ACCEPT", "iptables -A INPUT -i up9 -j ACCEPT", "iptables -A INPUT -i lo -j ACCEPT"]
        _ = try ProcessRunner.run("/usr/sbin/ip", ["netns", "add", name])
        defer { _ = try? ProcessRunner.run("/usr/sbin/ip", ["netns", "del", name]) }
        for command in setup {
            let result = try ProcessRunner.run("/usr/sbin/ip", ["netns", "exec", name] + command.split(separator: " ").map(String.init))
            try #require(result.status == 0, "\(command): \(result)")
        }
        let probe = HostProbe.script(layout: PlanTests.layout, firewallServices: [], forStatus: true)
        let result = try ProcessRunner.run("/usr/sbin/ip", ["netns", "exec", name, "/bin/sh", "-c", probe])
        let facts = try HostProbe.parse(result.stdout)
        #expect(facts.inputAcceptedInterfaces == ["br9": .bridge, "up9": .uplink, "lo": .other], "\(result)")
    }
}
