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
            if [ -r /etc/os-release ]; then . /etc/os-release; echo "os=${PRETTY_NAME:-${ID:-unknown}}"; fi
            for f in \(paths); do
              if [ -f "$f" ]; then echo "file=$(sha256sum < "$f" | cut -c1-64) $(stat -c '%a %U %G' "$f") $f"; fi
            done
            if command -v systemctl >/dev/null 2>&1; then
              echo "unit_enabled=$(systemctl is-enabled \(layout.unitName.shellQuoted) 2>/dev/null)"
              echo "unit_active=$(systemctl is-active \(layout.unitName.shellQuoted) 2>/dev/null)"
              for s in \(services); do
                echo "service=$s $(systemctl is-enabled "$s" 2>/dev/null || true) $(systemctl is-active "$s" 2>/dev/null || true)"
              done
            fi
            if [ -f \((layout.stateDirectory + "/firewall-services").shellQuoted) ]; then
              echo "services_before=$(tr '\\n' ' ' < \((layout.stateDirectory + "/firewall-services").shellQuoted))"
            fi
            """ + (forStatus ? "\n" + statusFacts : "")
    }

    private static let statusFacts = """
        echo "iptables=$(iptables --version 2>/dev/null)"
        if [ -S /run/docker.sock ] || [ -S /var/run/docker.sock ]; then echo docker=yes; else echo docker=no; fi
        echo "rules=$(iptables-save 2>/dev/null | grep -c '^-A')"
        """

    /// A probe answer that cannot be read.
    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ output: String) throws(Unreadable) -> HostFacts {
        var facts = HostFacts()
        var sawInit = false
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            let value = String(line[line.index(after: equals)...])
            switch key {
            case "init": facts.initSystem = value; sawInit = true
            case "os": facts.operatingSystem = value
            case "file":
                let parts = value.split(separator: " ", maxSplits: 4).map(String.init)
                guard parts.count == 5, let mode = UInt16(parts[1], radix: 8) else {
                    throw Unreadable(description: "unexpected file line in the probe: \(line)")
                }
                facts.files[parts[4]] = HostFacts.FileState(sha256: parts[0], mode: mode, owner: parts[2], group: parts[3])
            case "unit_enabled": facts.unitEnabled = value
            case "unit_active": facts.unitActive = value
            case "service":
                let parts = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                guard let name = parts.first else { continue }
                facts.services[name] = HostFacts.ServiceState(enabled: parts.count > 1 ? parts[1] : "", active: parts.count > 2 ? parts[2] : "")
            case "services_before": facts.servicesBeforeInstall = value.split(separator: " ").map(String.init)
            case "iptables": facts.iptablesVersion = value
            case "docker": facts.dockerRunning = value == "yes"
            case "rules": facts.ruleCount = Int(value) ?? 0
            default: continue
            }
        }
        guard sawInit else { throw Unreadable(description: "the host's answer to the probe is not a probe answer: \(output.prefix(200))") }
        return facts
    }
}
