import Foundation
import TestSupport
import Testing

/// OpenSSH and Ansible habits against real lab hosts: a host the controller cannot reach, deployed
/// to through a jump host named in an ssh_config, with the inventory and the user from ansible.cfg.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct JumpHostEndToEndTests {
    @Test func deploysThroughAProxyJumpFromSSHConfigWithInventoryAndUserFromAnsibleCfg() throws {
        let name = "px" + String(UUID().uuidString.lowercased().prefix(6))
        try LabFleet.with(hosts: 3, isolated: 1, name: name) { fleet in
            let direct = fleet.hosts[0], jump = fleet.hosts[1], target = fleet.hosts[2]
            #expect(target.jumpHost == jump.name && jump.jumpHost == nil)
            // The isolated host is on a bridge the controller is not on.
            #expect(try !TCPProbe.connects(to: target.address, port: 22, within: 3))

            // An Ansible project: ansible.cfg names the inventory and the user; `px-target` and
            // `px-bastion` are aliases only the ssh_config resolves. ssh_config's User (deploy)
            // applies to the jump host only: ansible.cfg's remote_user wins for the targets, as
            // in Ansible (which passes it as `-o User=`).
            let project = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-px-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: project + "/inventory", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: project) }
            try """
                Host px-target
                    HostName \(target.address)
                    ProxyJump px-bastion
                Host px-bastion
                    HostName \(jump.address)
                Host *
                    User deploy
                    IdentityFile \(fleet.privateKeyPath)
                    IdentitiesOnly yes
                    UserKnownHostsFile \(fleet.knownHostsPath)
                    ControlMaster auto
                """.write(toFile: project + "/ssh_config", atomically: true, encoding: .utf8)
            try "[defaults]\ninventory = inventory/hosts.ini\nremote_user = root\n".write(toFile: project + "/ansible.cfg", atomically: true, encoding: .utf8)
            try "[isolated]\npx-target\n\n[direct]\n\(direct.name) ansible_host=\(direct.address)\n"
                .write(toFile: project + "/inventory/hosts.ini", atomically: true, encoding: .utf8)
            func iptfleet(_ arguments: [String]) throws -> ProcessRunner.Result {
                try ProcessRunner.run(ProcessRunner.iptfleet, arguments + ["-F", "ssh_config"], directory: project,
                                      environment: ["HOME": project, "SSH_AUTH_SOCK": ""])
            }

            let ping = try iptfleet(["ping"])
            #expect(ping.status == 0, "\(ping)")
            #expect(ping.stdout.contains("ok          px-target  user=root"), "\(ping)")
            #expect(ping.stdout.contains("ok          \(direct.name)  user=root"), "\(ping)")
            #expect(!ping.stderr.contains("ControlMaster"), "ssh_config options that do not matter are ignored silently: \(ping.stderr)")
            // The jump host was logged in to as ssh_config's user.
            let jumpLog = try fleet.runChecked("journalctl -u ssh --no-pager | grep 'Accepted publickey for' || true", on: jump)
            #expect(jumpLog.contains("Accepted publickey for deploy from "), "\(jumpLog)")

            let deploy = try iptfleet(["deploy"])
            #expect(deploy.status == 0, "\(deploy)")
            #expect(deploy.status(of: "px-target") == "changed", "\(deploy)")
            #expect(try fleet.runChecked("systemctl is-active iptables-docker", on: target) == "active\n")
            let rules = try fleet.runChecked("iptables-save -t filter", on: target)
            #expect(rules.contains(":INPUT DROP") && rules.contains("--dport 22"), "\(rules)")
            // The firewall lets the jump host's new connections in: the next run finds nothing to do.
            let again = try iptfleet(["deploy"])
            #expect(again.status == 0, "\(again)")
            #expect(again.status(of: "px-target") == "ok" && again.status(of: direct.name) == "ok", "\(again)")

            // Behind a jump host the target sees the jump host, not the controller: a policy that
            // admits only the jump host is right (no pre-flight refusal from this machine's
            // route), and one that admits only the controller is refused once the probe has seen
            // $SSH_CONNECTION — before anything changes.
            let viaJump = try iptfleet(["deploy", "-l", "px-target", "-e", #"{"ssh_allow_cidr": ["\#(jump.address)/32"]}"#])
            #expect(viaJump.status == 0, "\(viaJump)")
            #expect(viaJump.status(of: "px-target") == "changed", "\(viaJump)")
            let before = try fleet.runChecked("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'", on: target)
            let controllerOnly = try iptfleet(["deploy", "-l", "px-target", "-e", #"{"ssh_allow_cidr": ["10.231.128.1/32"]}"#])
            #expect(controllerOnly.status == 2, "\(controllerOnly)")
            #expect(controllerOnly.stdout.contains("refused, nothing changed: the new rules would lock iptfleet out: SSH from \(jump.address) to port 22 (as seen by the host ($SSH_CONNECTION)) is not admitted (ssh_allow_cidr: 10.231.128.1/32, SSH port 22); add \(jump.address) to ssh_allow_cidr (--force overrides)"), "\(controllerOnly)")
            #expect(try fleet.runChecked("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'", on: target) == before)
        }
    }
}
