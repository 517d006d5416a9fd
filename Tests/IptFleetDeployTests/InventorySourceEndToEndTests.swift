import Foundation
import TestSupport
import Testing

/// A fleet described by a YAML inventory, and by an inventory script, deploys end to end on
/// booted lab hosts: the sources that are not INI reach the hosts with their variables.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct InventorySourceEndToEndTests {
    @Test func aFleetFromAYAMLInventoryAndFromAScriptDeploys() throws {
        try LabFleet.with(hosts: 3) { fleet in
            let project = TemporaryDirectory()
            let key = fleet.runDirectory + "/id_ed25519"
            var yaml = "all:\n  children:\n    lab:\n      hosts:\n"
            for host in fleet.hosts {
                yaml += "        \(host.name): {ansible_host: \(host.address), ansible_user: root, ansible_ssh_private_key_file: \(key)}\n"
            }
            yaml += "      vars:\n        iptables_allow_rules: [{desc: web, proto: tcp, port: 8080}]\n"
            let yamlInventory = try project.write("hosts.yml", yaml)

            let hostvars = Dictionary(uniqueKeysWithValues: fleet.hosts.map {
                ($0.name, ["ansible_host": $0.address, "ansible_user": "root", "ansible_ssh_private_key_file": key])
            })
            let listing: [String: Any] = [
                "lab": ["hosts": fleet.hosts.map(\.name), "vars": ["iptables_allow_rules": [["desc": "api", "proto": "tcp", "port": 8081]]]],
                "_meta": ["hostvars": hostvars],
            ]
            try project.write("cmdb.json", String(decoding: try JSONSerialization.data(withJSONObject: listing, options: [.sortedKeys]), as: UTF8.self))
            // The script protocol: --list prints every group with _meta.hostvars.
            let script = try project.write("cmdb", "#!/bin/sh\n[ \"$1\" = --list ] && exec cat \"$(dirname \"$0\")/cmdb.json\"\necho '{}'\n", mode: 0o755)

            for (inventory, port) in [(yamlInventory, 8080), (script, 8081)] {
                let deployed = try ProcessRunner.run(ProcessRunner.iptfleet, ["deploy", "-i", inventory, "--known-hosts", fleet.knownHostsPath])
                #expect(deployed.status == 0, "\(inventory): \(deployed)")
                for host in fleet.hosts {
                    #expect(deployed.status(of: host.name) == "changed", "\(inventory): \(deployed)")
                    let rules = try fleet.runChecked("iptables-save -t filter", on: host)
                    #expect(rules.contains(":INPUT DROP") && rules.contains("--dport \(port)"), "\(inventory) on \(host.name): \(rules)")
                }
            }
        }
    }
}
