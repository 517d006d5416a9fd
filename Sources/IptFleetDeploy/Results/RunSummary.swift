/// The end of a run: counts per status, the recap Ansible users know, and the exit status.
public struct RunSummary: Sendable, Equatable {
    public let results: [HostResult]

    public init(results: [HostResult]) {
        self.results = results
    }

    public func count(_ status: HostStatus) -> Int { results.filter { $0.status == status }.count }

    /// The number of hosts per status, every status present (0 when none), keyed by its name:
    /// the `totals` of the run record and of `--json`.
    public var totals: [String: Int] {
        Dictionary(uniqueKeysWithValues: HostStatus.allCases.map { ($0.rawValue, count($0)) })
    }

    /// Whether some host failed (or rolled back), and whether some host was unreachable.
    public var failures: RunFailures {
        var failures: RunFailures = []
        if results.contains(where: { $0.status.isFailure && !$0.status.isUnreachable }) { failures.insert(.hostFailed) }
        if results.contains(where: \.status.isUnreachable) { failures.insert(.unreachable) }
        return failures
    }

    /// As ansible-playbook: 0 all good, 2 some host failed (or rolled back), 4 some host
    /// unreachable, 6 both.
    public var exitCode: Int32 { failures.rawValue }

    /// `host : ok=1 changed=0 unreachable=0 failed=0 skipped=0 rolled-back=0` per host, then
    /// the totals, then one line per failure with its reason.
    public var recap: String {
        let width = max(20, (results.map(\.host.count).max() ?? 0) + 1)
        var lines = ["RECAP"]
        for result in results {
            let counts = HostStatus.allCases.map { "\($0.rawValue)=\(result.status == $0 ? 1 : 0)" }.joined(separator: " ")
            lines.append(result.host.padding(toLength: width, withPad: " ", startingAt: 0) + ": " + counts)
        }
        let totals = HostStatus.allCases.map { "\($0.rawValue)=\(count($0))" }.joined(separator: " ")
        lines.append("TOTAL".padding(toLength: width, withPad: " ", startingAt: 0) + ": " + totals)
        for result in results where result.reason != nil && result.status != .ok {
            lines.append("\(result.host): \(result.status.rawValue): \(result.reason ?? "")")
        }
        return lines.joined(separator: "\n")
    }
}
