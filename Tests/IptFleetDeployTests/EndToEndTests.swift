import Foundation
import TestSupport
import Testing

/// `iptfleet deploy`, `uninstall`, `status` and `ping` against real booted Debian hosts (the lab):
/// real sshd, real systemd, real iptables.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct EndToEndTests {
    /// Common arguments: the lab's inventory (root, or deploy with become) and known_hosts.
    private func arguments(_ command: String, _ fleet: LabFleet, deployUser: Bool = false, _ extra: [String] = []) -> [String] {
        [command, "-i", deployUser ? fleet.deployInventoryPath : fleet.inventoryPath, "--known-hosts", fleet.knownHostsPath] + extra
    }

    /// Runs the built iptfleet binary.
    private func iptfleet(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.iptfleet, arguments)
    }

    /// A command's output on a host, without the trailing newline.
    private func sh(_ command: String, _ fleet: LabFleet, on host: LabFleet.Host) throws -> String {
        try fleet.runChecked(command, on: host).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A listener on `port` on the host, as a transient systemd service.
    private func listen(_ fleet: LabFleet, on host: LabFleet.Host, port: Int) throws {
        _ = try sh("systemd-run --unit=listen-\(port) python3 -m http.server \(port) >/dev/null 2>&1; for i in $(seq 50); do ss -ltn | grep -q ':\(port) ' && exit 0; sleep 0.1; done; exit 1", fleet, on: host)
    }

    private func unitStartTime(_ fleet: LabFleet, _ host: LabFleet.Host) throws -> String {
        try sh("systemctl show -p ActiveEnterTimestampMonotonic --value iptables-docker.service", fleet, on: host)
    }

    @Test func deployInstallsAFirewallThatLetsSSHAndAllowedPortsInOnly() throws {
        try LabFleet.with(hosts: 5) { fleet in
            for host in fleet.hosts {
                try listen(fleet, on: host, port: 8080)
                try listen(fleet, on: host, port: 9999)
            }
            let allow = #"{"iptables_allow_rules": [{"desc": "web", "proto": "tcp", "port": 8080}]}"#
            let first = try iptfleet(arguments("deploy", fleet, ["-e", allow]))
            #expect(first.status == 0, "\(first)")
            for host in fleet.hosts {
                #expect(first.status(of: host.name) == "changed", "\(first)")
                let files = try sh("stat -c '%U:%G %a %n' /usr/local/sbin/iptables-docker.sh /etc/systemd/system/iptables-docker.service", fleet, on: host)
                #expect(files == "root:root 700 /usr/local/sbin/iptables-docker.sh\nroot:root 644 /etc/systemd/system/iptables-docker.service")
                #expect(try sh("systemctl is-enabled iptables-docker; systemctl is-active iptables-docker", fleet, on: host) == "enabled\nactive")
                // A first install on a host without Docker needs no daemon-reload (ApplyScript).
                #expect(try sh("journalctl -b -o cat _PID=1 | grep -c '^Reloading' || true", fleet, on: host) == "0")
                let rules = try sh("iptables-save -t filter", fleet, on: host)
                #expect(rules.contains(":INPUT DROP"))
                #expect(rules.contains("--dport 22") && rules.contains("--dport 8080"), "\(rules)")
                #expect(try TCPProbe.connects(to: host.address, port: 22))
                #expect(try TCPProbe.connects(to: host.address, port: 8080))
                #expect(try !TCPProbe.connects(to: host.address, port: 9999, within: 2))
            }
            let started = try fleet.hosts.map { try unitStartTime(fleet, $0) }

            // Nothing changed: every host ok, nothing restarted.
            let second = try iptfleet(arguments("deploy", fleet, ["-e", allow, "-v"]))
            #expect(second.status == 0, "\(second)")
            #expect(fleet.hosts.allSatisfy { second.status(of: $0.name) == "ok" }, "\(second)")
            #expect(try fleet.hosts.map { try unitStartTime(fleet, $0) } == started)
            #expect(second.stdout.contains("TOTAL               : ok=5 changed=0 unreachable=0 failed=0"), "\(second)")

            // The unit disabled by hand: enabled again, and the run after that finds nothing to do
            // (systemd's own idea of the unit's enablement must follow, not only the symlink).
            let disabled = fleet.hosts[0]
            _ = try sh("systemctl disable --quiet iptables-docker.service", fleet, on: disabled)
            let reenabled = try iptfleet(arguments("deploy", fleet, ["-e", allow]))
            #expect(reenabled.status(of: disabled.name) == "changed", "\(reenabled)")
            #expect(fleet.hosts.dropFirst().allSatisfy { reenabled.status(of: $0.name) == "ok" }, "\(reenabled)")
            #expect(try sh("systemctl is-enabled iptables-docker; systemctl show -p UnitFileState --value iptables-docker", fleet, on: disabled) == "enabled\nenabled")
            let settled = try iptfleet(arguments("deploy", fleet, ["-e", allow]))
            #expect(fleet.hosts.allSatisfy { settled.status(of: $0.name) == "ok" }, "\(settled)")
        }
    }

    @Test func aChangeInOneGroupChangesOnlyThatGroupAndCheckChangesNothing() throws {
        try LabFleet.with(hosts: 5) { fleet in
            // Two groups: the first two hosts are "edge".
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-e2e-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory + "/group_vars", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var inventory = try String(contentsOfFile: fleet.inventoryPath, encoding: .utf8)
            inventory += "\n[edge]\n\(fleet.hosts[0].name)\n\(fleet.hosts[1].name)\n"
            try inventory.write(toFile: directory + "/hosts.ini", atomically: true, encoding: .utf8)
            let base = ["-i", directory + "/hosts.ini", "--known-hosts", fleet.knownHostsPath]
            #expect(try iptfleet(["deploy"] + base).status == 0)
            let before = try fleet.hosts.map { try fleet.runChecked("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'", on: $0) }

            try "iptables_allow_rules: [{desc: metrics, proto: tcp, port: 9100}]\n".write(toFile: directory + "/group_vars/edge.yml", atomically: true, encoding: .utf8)
            let check = try iptfleet(["deploy", "--check", "--diff"] + base)
            #expect(check.status == 0, "\(check)")
            #expect(fleet.hosts.prefix(2).allSatisfy { check.status(of: $0.name) == "changed" }, "\(check)")
            #expect(fleet.hosts.dropFirst(2).allSatisfy { check.status(of: $0.name) == "ok" }, "\(check)")
            #expect(check.stdout.contains("+\tallow_rule \"$1\" tcp 9100"), "the script's diff shows the new rule: \(check)")
            #expect(check.stdout.contains("+++ IPv4 filter table (after deploy)\n"), "\(check)")
            #expect(check.stdout.contains("\n+-A IPTFLEET-INPUT -p tcp -m tcp --dport 9100 -m conntrack --ctstate NEW -m comment --comment metrics -j ACCEPT\n"),
                    "the live ruleset's diff shows exactly the new rule: \(check)")
            let afterCheck = try fleet.hosts.map { try fleet.runChecked("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'", on: $0) }
            #expect(afterCheck == before, "--check changed a host")

            let deploy = try iptfleet(["deploy"] + base)
            #expect(fleet.hosts.prefix(2).allSatisfy { deploy.status(of: $0.name) == "changed" }, "\(deploy)")
            #expect(fleet.hosts.dropFirst(2).allSatisfy { deploy.status(of: $0.name) == "ok" }, "\(deploy)")
            #expect(try sh("iptables-save -t filter", fleet, on: fleet.hosts[0]).contains("--dport 9100"))
            #expect(try !fleet.runChecked("iptables-save -t filter", on: fleet.hosts[4]).contains("--dport 9100"))
        }
    }

    @Test func unreachableAndFailingHostsDoNotStopTheOthers() throws {
        try LabFleet.with(hosts: 5) { fleet in
            try fleet.stop(fleet.hosts[1])
            let unreachable = try iptfleet(arguments("deploy", fleet))
            #expect(unreachable.status == 4, "\(unreachable)")
            #expect(unreachable.status(of: fleet.hosts[1].name) == "unreachable")
            #expect([0, 2, 3, 4].allSatisfy { unreachable.status(of: fleet.hosts[$0].name) == "changed" }, "\(unreachable)")

            // Make iptables-restore fail on one host: the new ruleset is rejected there.
            let broken = fleet.hosts[2]
            _ = try sh("systemctl stop iptables-docker; rm -f /usr/local/sbin/iptables-docker.sh; for t in iptables-nft-restore iptables-legacy-restore; do printf '#!/bin/sh\\necho simulated restore failure >&2\\nexit 1\\n' > /usr/sbin/$t; done", fleet, on: broken)
            let failed = try iptfleet(arguments("deploy", fleet, ["-l", "all:!\(fleet.hosts[1].name)"]))
            #expect(failed.status == 2, "\(failed)")
            #expect(failed.status(of: broken.name) == "failed")
            #expect(failed.stdout.contains("simulated restore failure"), "the remote stderr is in the reason: \(failed)")
            #expect([0, 3, 4].allSatisfy { failed.status(of: fleet.hosts[$0].name) == "ok" }, "\(failed)")
        }
    }

    @Test func uninstallOpensTheHostAndKeepsDockersChains() throws {
        try LabFleet.with(hosts: 5) { fleet in
            let host = fleet.hosts[0]
            let dump = try String(contentsOfFile: Repository.fixture("docker-iptables/docker-26.1-bridge-published-8080.save"), encoding: .utf8)
            _ = try sh("ip link add docker0 type bridge 2>/dev/null; iptables-restore <<'EOF'\n\(dump)\nEOF", fleet, on: host)
            #expect(try iptfleet(arguments("deploy", fleet)).status == 0)
            let uninstall = try iptfleet(arguments("uninstall", fleet))
            #expect(uninstall.status == 0, "\(uninstall)")
            #expect(fleet.hosts.allSatisfy { uninstall.status(of: $0.name) == "changed" }, "\(uninstall)")
            for target in fleet.hosts {
                #expect(try sh("ls /usr/local/sbin/iptables-docker.sh /etc/systemd/system/iptables-docker.service 2>/dev/null | wc -l", fleet, on: target) == "0")
                #expect(try fleet.run("systemctl cat iptables-docker.service", on: target).status != 0)
                #expect(try sh("iptables -S INPUT | head -1", fleet, on: target) == "-P INPUT ACCEPT")
            }
            let rules = try sh("iptables-save", fleet, on: host)
            for chain in [":DOCKER ", ":DOCKER-USER ", ":DOCKER-ISOLATION-STAGE-1 ", "-A FORWARD -j DOCKER-USER", "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"] {
                #expect(rules.contains(chain), "\(chain) kept after uninstall:\n\(rules)")
            }
            let again = try iptfleet(arguments("uninstall", fleet))
            #expect(fleet.hosts.allSatisfy { again.status(of: $0.name) == "ok" }, "\(again)")
        }
    }

    /// A whole interface that INPUT accepts opens the host whatever the other rules say:
    /// `status` says so (the hole an admin's DOCKER-USER rule opened in older scripts).
    @Test func statusReportsAnInterfaceThatInputAcceptsWhole() throws {
        try LabFleet.with(hosts: 1) { fleet in
            let host = fleet.hosts[0]
            #expect(try iptfleet(arguments("deploy", fleet)).status == 0)
            let clean = try iptfleet(arguments("status", fleet))
            #expect(clean.status == 0 && clean.status(of: host.name) == "ok", "\(clean)")
            _ = try sh("iptables -I IPTFLEET-INPUT -i eth0 -j ACCEPT && ip link add mybr0 type bridge && iptables -I IPTFLEET-INPUT -i mybr0 -j ACCEPT", fleet, on: host)
            let open = try iptfleet(arguments("status", fleet))
            #expect(open.status == 2 && open.status(of: host.name) == "failed", "\(open)")
            #expect(open.stdout.contains("INPUT accepts every packet on eth0 (not a bridge): the firewall is open there"), "\(open)")
            #expect(!open.stdout.contains("mybr0"), "a bridge without default route is Docker's kind of interface: \(open)")
            _ = try sh("systemctl restart iptables-docker", fleet, on: host)
            let repaired = try iptfleet(arguments("status", fleet))
            #expect(repaired.status == 0 && repaired.status(of: host.name) == "ok", "a restart rebuilds our chain: \(repaired)")
        }
    }

    @Test func becomeAsDeployUserWorksLikeRoot() throws {
        try LabFleet.with(hosts: 5) { fleet in
            let ping = try iptfleet(arguments("ping", fleet, deployUser: true))
            #expect(ping.status == 0, "\(ping)")
            #expect(ping.stdout.contains("user=root"), "become gives root: \(ping)")
            let deploy = try iptfleet(arguments("deploy", fleet, deployUser: true))
            #expect(deploy.status == 0, "\(deploy)")
            #expect(fleet.hosts.allSatisfy { deploy.status(of: $0.name) == "changed" }, "\(deploy)")
            let status = try iptfleet(arguments("status", fleet, deployUser: true))
            let installed = status.stdout.split(separator: "\n").filter { $0.contains("drift=none") && $0.contains("installed=yes") && $0.contains("unit=enabled/active") }
            #expect(installed.count == 5, "\(status)")
            let again = try iptfleet(arguments("deploy", fleet))
            #expect(fleet.hosts.allSatisfy { again.status(of: $0.name) == "ok" }, "root sees what deploy installed as ok: \(again)")
        }
    }
}
