import Foundation
import IptFleetCore
import IptFleetSSH

/// The one command that asks a host for everything the plan needs, and the parser of its
/// `key=value` answer. POSIX sh with coreutils, so it runs on any Debian, Ubuntu or RHEL host.
public enum HostProbe {
    /// The probe script for `layout`, checking the firewall services named in the policy. The
    /// facts only `status` shows (backend, Docker, rule count) are asked for only then, so a
    /// deploy does not run iptables-save on every host for nothing.
    public static func script(layout: InstallLayout, firewallServices: [String], forStatus: Bool = false) -> String {
        let paths = layout.files.map { $0.path.shellQuoted }.joined(separator: " ")
        let services = firewallServices.map(\.shellQuoted).joined(separator: " ")
        return """
            export LC_ALL=C
            if [ -d /run/systemd/system ]; then echo init=systemd; else echo "init=$(cat /proc/1/comm 2>/dev/null || echo unknown)"; fi
            # One process per kind of fact, not per file or unit (every process costs the host
            # a millisecond or more; systemctl ~10 ms): the sections are joined by one awk.
            {
              echo @sha256; sha256sum -- \(paths) 2>/dev/null
              echo @stat; stat -c '%a %U %G %n' -- \(paths) 2>/dev/null
              if command -v systemctl >/dev/null 2>&1; then
                # A block of properties per unit, in the order asked, separated by blank lines.
                echo @units; systemctl show -p LoadState,UnitFileState,ActiveState -- \(layout.unitName.shellQuoted) \(services) 2>/dev/null
              fi
            } | awk -v names=\(([layout.unitName] + firewallServices).joined(separator: " ").shellQuoted) '
              function emit() {
                if (!("ActiveState" in p)) return
                enabled = p["LoadState"] == "not-found" ? "" : p["UnitFileState"]
                if (i == 1) { print "unit_enabled=" enabled; print "unit_active=" p["ActiveState"] }
                else print "service=" name[i] " " enabled " " p["ActiveState"]
                i++; split("", p)
              }
              BEGIN { split(names, name, " "); i = 1 }
              /^@/ { section = $0; next }
              section == "@sha256" { sha[substr($0, 67)] = substr($0, 1, 64); next }
              section == "@stat" {
                path = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", path)
                if (path in sha) print "file=" sha[path] " " $1 " " $2 " " $3 " " path
                next
              }
              /^$/ { emit(); next }
              { key = $0; sub(/=.*/, "", key); value = $0; sub(/^[^=]*=/, "", value); p[key] = value }
              END { emit() }'
            if [ -f \(layout.state.firewallServices.shellQuoted) ]; then
              before=''; while read -r service; do before="$before$service "; done < \(layout.state.firewallServices.shellQuoted)
              echo "services_before=$before"
            fi
            if [ -e \(layout.state.path(.armed, in: layout.state.pending).shellQuoted) ] || [ -e \(layout.state.path(.reverting, in: layout.state.pending).shellQuoted) ]; then
              id=''; read -r id < \(layout.state.path(.id, in: layout.state.pending).shellQuoted); echo "pending=${id:-unknown}"
            fi
            if [ -f \(layout.state.path(.id, in: layout.state.previous).shellQuoted) ]; then read -r id < \(layout.state.path(.id, in: layout.state.previous).shellQuoted); echo "previous=$id"; fi
            """ + "\n" + connectionFact + "\n" + swarmFacts + (forStatus ? "\n" + statusFacts : "")
    }

    /// `$SSH_CONNECTION` as sshd set it: sudo drops it from the environment, so look for it in
    /// the environment of the nearest ancestor process that has it.
    private static let connectionFact = """
        sc=${SSH_CONNECTION:-}
        p=$$
        while [ -z "$sc" ] && [ -n "$p" ] && [ "$p" -gt 1 ]; do
          p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status 2>/dev/null)
          [ -n "$p" ] && sc=$(tr '\\000' '\\n' < /proc/$p/environ 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p')
        done
        echo "ssh_connection=$sc"
        """

    /// The host's swarm role and, on a manager, every node with its address and health. A node's
    /// fields come as a JSON array: its host name is chosen by whoever is root on that node, and
    /// must not be able to add a line (a fact) to this host's answer.
    private static let swarmFacts = """
        echo @docker
        if command -v docker >/dev/null 2>&1 && { [ -S /run/docker.sock ] || [ -S /var/run/docker.sock ]; }; then
          docker info --format 'swarm={{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}' 2>/dev/null
          echo "swarm_managers=$(docker info --format '{{range .Swarm.RemoteManagers}}{{.Addr}} {{end}}' 2>/dev/null)"
          # Every node this one shares an overlay network with (a worker knows no node list).
          overlays=$(docker network ls -q --filter driver=overlay 2>/dev/null | tr '\\n' ' ')
          # shellcheck disable=SC2086 # network ids are one word each
          [ -z "$overlays" ] || echo "swarm_peers=$(docker network inspect -v --format '{{range .Peers}}{{.IP}} {{end}}' $overlays 2>/dev/null | tr '\\n' ' ')"
          if docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null | grep -qx true; then
            # A manager that cannot list the nodes has lost the swarm's leader or its quorum.
            if ids=$(docker node ls -q 2>&1); then
              # shellcheck disable=SC2086 # node ids are one word each
              docker node inspect --format 'swarm_node=[{{json .Description.Hostname}},{{json .Status.Addr}},{{json .Status.State}},{{if .ManagerStatus}}{{json .ManagerStatus.Reachability}}{{else}}""{{end}}]' $ids 2>/dev/null
            else
              echo "swarm_nodes_error=$(echo "$ids" | tail -n 1)"
            fi
          fi
        fi
        """

    /// Besides backend, Docker and rule count: every interface that INPUT (or our chain) accepts
    /// whole, with what it is: `bridge`, `hardware`, `uplink` (a default route leaves by it),
    /// `other`, or `absent` (see `InputExposure`).
    private static let statusFacts = """
        echo @status
        echo "iptables=$(iptables --version 2>/dev/null)"
        if [ -S /run/docker.sock ] || [ -S /var/run/docker.sock ]; then echo docker=yes; else echo docker=no; fi
        echo "rules=$(iptables-save 2>/dev/null | grep -c '^-A')"
        uplinks=" $({ awk 'NR > 1 && $2 == "00000000" && $8 == "00000000" { print $1 }' /proc/net/route
          awk '$1 == "00000000000000000000000000000000" && $2 == "00" && $10 != "lo" { print $10 }' /proc/net/ipv6_route; } 2>/dev/null | tr '\\n' ' ') "
        for save in iptables-save ip6tables-save; do command -v "$save" >/dev/null 2>&1 && "$save" -t filter 2>/dev/null; done |
          awk 'NF == 6 && $1 == "-A" && ($2 == "INPUT" || $2 == "IPTFLEET-INPUT") && $3 == "-i" && $5 == "-j" && $6 == "ACCEPT" { print $4 }' |
          sort -u | while read -r name; do
            sys=/sys/class/net/$name kind=absent
            if [ -d "$sys/bridge" ] || [ -d "$sys/brport" ]; then kind=bridge; elif [ -e "$sys" ]; then kind=other; fi
            if [ -e "$sys/device" ]; then kind=hardware; fi
            case $uplinks in *" $name "*) kind=uplink ;; esac
            echo "input_accepts=$name $kind"
          done
        """

    /// A probe answer that cannot be read.
    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The swarm part of the probe alone, to look at the swarm's health again later.
    static let swarmScript = swarmFacts

    /// The sections of an answer, in order, each opened by a line `@NAME` (the first has no
    /// header), and the facts each may hold. A fact outside its section is ignored: whatever text
    /// Docker or a swarm node puts into the answer cannot pose as the host's own facts.
    static let sections: [(header: String, keys: Set<String>)] = [
        ("", ["init", "file", "unit_enabled", "unit_active", "service", "services_before", "pending", "previous", "ssh_connection"]),
        ("@docker", ["swarm", "swarm_managers", "swarm_peers", "swarm_node", "swarm_nodes_error"]),
        ("@status", ["iptables", "docker", "rules", "input_accepts"]),
    ]

    /// Reads a probe answer; `requireInit: false` reads a partial answer such as `swarmScript`'s.
    public static func parse(_ output: String, requireInit: Bool = true) throws(Unreadable) -> HostFacts {
        var facts = HostFacts()
        var sawInit = false
        var section = 0
        for line in output.split(separator: "\n") {
            // Sections only go forward: a header seen again, or out of order, changes nothing.
            if let later = sections.indices.first(where: { $0 > section && sections[$0].header == line }) {
                section = later
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            let value = String(line[line.index(after: equals)...])
            guard sections[section].keys.contains(String(key)) else { continue }
            switch key {
            case "init": facts.initSystem = HostFacts.InitSystem(probed: value); sawInit = true
            case "file":
                let parts = value.split(separator: " ", maxSplits: 4).map(String.init)
                guard parts.count == 5, let mode = UInt16(parts[1], radix: 8) else {
                    throw Unreadable(description: "unexpected file line in the probe: \(line)")
                }
                facts.files[parts[4]] = HostFacts.FileState(sha256: parts[0], mode: mode, owner: parts[2], group: parts[3])
            case "unit_enabled": facts.unit = UnitState(enabled: UnitFileState(probed: value), active: facts.unit.active)
            case "unit_active": facts.unit = UnitState(enabled: facts.unit.enabled, active: UnitActiveState(probed: value))
            case "service":
                let parts = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                guard let name = parts.first else { continue }
                facts.services[name] = UnitState(enabled: UnitFileState(probed: parts.count > 1 ? parts[1] : ""),
                                                 active: UnitActiveState(probed: parts.count > 2 ? parts[2] : ""))
            case "services_before": facts.servicesBeforeInstall = value.split(separator: " ").map(String.init)
            case "iptables": facts.iptablesBackend = HostFacts.IptablesBackend(version: value)
            case "docker": facts.dockerRunning = value == "yes"
            case "rules": facts.ruleCount = Int(value) ?? 0
            case "input_accepts":
                let parts = value.split(separator: " ").map(String.init)
                guard parts.count == 2 else { continue }
                // A word the probe does not print counts as `other`: exposed, the safe side.
                facts.inputAcceptedInterfaces[parts[0]] = HostFacts.InterfaceKind(rawValue: parts[1]) ?? .other
            case "pending": facts.pendingChange = value.isEmpty ? nil : value
            case "previous": facts.previousChange = value.isEmpty ? nil : value
            case "ssh_connection":
                let parts = value.split(separator: " ")
                if parts.count == 4 {
                    facts.sshConnection = HostFacts.SSHConnection(clientAddress: String(parts[0]), serverPort: Int(parts[3]) ?? 0)
                }
            case "swarm":
                let parts = value.split(separator: " ").map(String.init)
                facts.swarm.localState = parts.first.flatMap(SwarmMembership.LocalNodeState.init(rawValue:))
                facts.swarm.isManager = parts.count > 1 && parts[1] == "true"
                facts.swarm.nodeAddress = parts.count > 2 ? parts[2] : nil
            case "swarm_managers":
                facts.swarm.managerAddresses = value.split(separator: " ").map { Self.withoutPort(String($0)) }
            case "swarm_peers":
                facts.swarm.overlayPeers = value.split(separator: " ").map(String.init)
            case "swarm_nodes_error": facts.swarm.nodeListError = value.isEmpty ? nil : value
            case "swarm_node":
                guard let parts = try? JSONDecoder().decode([String].self, from: Data(value.utf8)), parts.count == 4 else { continue }
                facts.swarm.nodes.append(SwarmMembership.Node(hostname: parts[0], address: parts[1], state: parts[2],
                                                              managerReachability: parts[3].isEmpty ? nil : parts[3]))
            default: continue
            }
        }
        guard sawInit || !requireInit else { throw Unreadable(description: "the host's answer to the probe is not a probe answer: \(output.prefix(200))") }
        return facts
    }

    /// `10.0.0.1:2377` → `10.0.0.1`; `[2001:db8::1]:2377` → `2001:db8::1`.
    static func withoutPort(_ address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        guard address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") else { return address }
        return String(address[..<colon])
    }
}
