import Foundation

/// The variables of one test run, which it turns into `-e` JSON for iptfleet and into the rules
/// it expects the script to install (written out independently of the script, in the form
/// iptables-save prints them).
struct TestPolicy: Sendable {
    var sshPort = 22
    var sshAllow = ["0.0.0.0/0"]
    var allowRules: [TestRule] = []
    var swarm = false
    var swarmCIDR = ["0.0.0.0/0"]
    var swarmESP = false
    var icmp = true
    var published: [TestRule] = []
    var dockerPreserve = true
    var ipv6 = true
    var backend = "auto"
    var backupKeep = 10

    /// The policy of the Docker-preservation tests: something of every kind.
    static let everything = TestPolicy(
        sshPort: 2222, sshAllow: ["10.231.0.0/24", "fd00:231::/64"],
        allowRules: [TestRule(desc: "web from c1", ports: ["8443"], from: ["10.231.0.2/32", "fd00:231::a:2/128"]),
                     TestRule(desc: "api", proto: "udp", ports: ["9000:9001", "9005"])],
        swarm: true, swarmCIDR: ["10.231.0.0/24"], swarmESP: true,
        published: [TestRule(desc: "pub", ports: ["8080"], from: ["10.231.0.2/32", "fd00:231::a:2/128"])])

    var extraVars: String {
        let variables: [String: Any] = [
            "ansible_port": sshPort, "ssh_allow_cidr": sshAllow, "iptables_allow_rules": allowRules.map(\.variable),
            "swarm_enabled": swarm, "swarm_cidr": swarmCIDR, "swarm_overlay_encryption": swarmESP,
            "ebable_icmp_messages": icmp, "docker_published_rules": published.map(\.variable),
            "docker_preserve": dockerPreserve, "iptables_ipv6": ipv6, "iptables_backend": backend,
            "iptables_backup_keep": backupKeep,
        ]
        let data = try! JSONSerialization.data(withJSONObject: variables, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func sources(_ cidrs: [String], _ family: AddressFamily) -> [String?] {
        if cidrs.contains("0.0.0.0/0") || cidrs.contains("::/0") { return [nil] }
        return cidrs.filter { $0.contains(":") == (family == .v6) }
    }

    /// `Ruleset.firewallPart` after `start`, for `family`, on a host whose Docker rules name
    /// `otherInterfaces` besides docker*/br-*/veth*.
    func expectedFirewall(_ family: AddressFamily, otherInterfaces: [String] = []) -> [String] {
        let input = "-A IPTFLEET-INPUT"
        var lines = ["policy INPUT DROP", "policy OUTPUT ACCEPT"]
        if !published.isEmpty { lines.append("-A DOCKER-USER -m conntrack --ctstate DNAT --ctdir ORIGINAL -j IPTFLEET-PUBLISHED") }
        lines.append("-A INPUT -j IPTFLEET-INPUT")
        lines.append(":IPTFLEET-INPUT")
        lines.append("\(input) -i lo -j ACCEPT")
        if dockerPreserve {
            lines += (["docker+", "br-+", "veth+"] + otherInterfaces).map { "\(input) -i \($0) -j ACCEPT" }
        }
        lines.append("\(input) -p tcp -j IPTFLEET-SCANS")
        lines.append("\(input) -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j DROP")
        if family == .v4 {
            lines += ["\(input) -f -j DROP", "\(input) -m pkttype --pkt-type broadcast -j DROP"]
        }
        lines.append("\(input) -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
        if family == .v6 {
            lines += (133...136).map { "\(input) -p ipv6-icmp -m icmp6 --icmpv6-type \($0) -m hl --hl-eq 255 -j ACCEPT" }
            lines.append("\(input) -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type 130 -j ACCEPT")
            lines.append("\(input) -s fe80::/10 -p udp -m udp --sport 547 --dport 546 -j ACCEPT")
        }
        func from(_ source: String?) -> String { source.map { "-s \($0) " } ?? "" }
        for source in Self.sources(sshAllow, family) {
            lines.append("\(input) \(from(source))-p tcp -m tcp --dport \(sshPort) -m conntrack --ctstate NEW -m comment --comment ssh -j ACCEPT")
        }
        for rule in allowRules {
            let match = rule.ports.count > 1 || rule.proto == "udplite"
                ? "-m multiport --dports \(rule.ports.joined(separator: ","))" : "-m \(rule.proto) --dport \(rule.ports[0])"
            for source in rule.sources(family) {
                lines.append("\(input) \(from(source))-p \(rule.proto) \(match) -m conntrack --ctstate NEW -m comment --comment \(rule.savedComment) -j ACCEPT")
            }
        }
        if swarm {
            for (proto, port) in [("tcp", 2377), ("tcp", 7946), ("udp", 7946), ("udp", 4789)] {
                for source in Self.sources(swarmCIDR, family) {
                    lines.append("\(input) \(from(source))-p \(proto) -m \(proto) --dport \(port) -m conntrack --ctstate NEW -m comment --comment swarm -j ACCEPT")
                }
            }
            if swarmESP {
                for source in Self.sources(swarmCIDR, family) {
                    lines.append("\(input) \(from(source))-p esp -m comment --comment swarm-esp -j ACCEPT")
                }
            }
        }
        if icmp {
            lines += family == .v4
                ? ["\(input) -p icmp -m icmp --icmp-type 8 -j ACCEPT", "\(input) -p icmp -m icmp --icmp-type 11 -j ACCEPT"]
                : ["\(input) -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT", "\(input) -p ipv6-icmp -m icmp6 --icmpv6-type 3 -j ACCEPT"]
        }
        lines.append("\(input) -j IPTFLEET-LOG")
        lines += [":IPTFLEET-LOG", "-A IPTFLEET-LOG -m limit --limit 2/min -j LOG --log-prefix \"IPTables-Dropped: \"", "-A IPTFLEET-LOG -j DROP"]
        if !published.isEmpty {
            lines.append(":IPTFLEET-PUBLISHED")
            for rule in published {
                for port in rule.ports {
                    for case let source? in rule.sources(family) {
                        lines.append("-A IPTFLEET-PUBLISHED -s \(source) -p \(rule.proto) -m conntrack --ctorigdstport \(port) -m comment --comment \(rule.savedComment) -j RETURN")
                    }
                }
            }
            for rule in published {
                for port in rule.ports {
                    lines.append("-A IPTFLEET-PUBLISHED -p \(rule.proto) -m conntrack --ctorigdstport \(port) -m comment --comment \(rule.savedComment) -j DROP")
                }
            }
        }
        lines.append(":IPTFLEET-SCANS")
        lines += ["FIN,PSH,URG FIN,PSH,URG", "FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG", "FIN,SYN,RST,PSH,ACK,URG NONE", "SYN,RST SYN,RST"]
            .map { "-A IPTFLEET-SCANS -p tcp -m tcp --tcp-flags \($0) -j DROP" }
        return lines
    }

    /// `Ruleset.firewallPart` after `stop`: INPUT and OUTPUT open, nothing of ours.
    static let expectedStopped = ["policy INPUT ACCEPT", "policy OUTPUT ACCEPT"]
}
