/// What `iptfleet status` reports for a host, from its probe: the details shown on its line, and
/// the problem that fails it — INPUT accepts a whole interface that is not Docker's (the firewall
/// is open there, whatever the rest says).
struct HostStatusReport: Equatable {
    /// `installed`, `drift`, `unit`, `backend`, `docker`, `rules`, `init`, `seen_from`, `rollback`.
    let details: [String: String]
    /// Why the host fails its status; nil when it does not.
    let problem: String?

    init(_ facts: HostFacts, layout: InstallLayout) {
        let drifted = layout.files.filter { facts.files[$0.path]?.sha256 != $0.sha256 }.map(\.path)
        let installed = layout.files.allSatisfy { facts.files[$0.path] != nil }
        details = [
            "installed": installed ? "yes" : (facts.isInstalled ? "partly" : "no"),
            "drift": installed ? (drifted.isEmpty ? "none" : drifted.joined(separator: ",")) : "-",
            "unit": "\(facts.unit.enabled.map(\.description) ?? "absent")/\(facts.unit.active.map(\.description) ?? "unknown")",
            "backend": facts.iptablesBackend.map(\.description) ?? "none",
            "docker": facts.dockerRunning ? "yes" : "no",
            "rules": String(facts.ruleCount),
            "init": facts.initSystem.map(\.description) ?? "",
            "seen_from": facts.sshConnection?.clientAddress ?? "-",
            "rollback": facts.previousChange ?? "none",
        ]
        let exposed = InputExposure.exposed(facts)
        problem = exposed.isEmpty ? nil
            : "INPUT accepts every packet on \(exposed.joined(separator: ", ")): the firewall is open there; restart the firewall with this version of iptfleet's script (iptfleet deploy) and look for hand-made rules"
    }

    var status: HostStatus { problem == nil ? .ok : .failed }
}
