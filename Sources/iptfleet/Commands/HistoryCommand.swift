import ArgumentParser
import IptFleetDeploy

/// `iptfleet history`: the recorded runs, newest last, one line each.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the recorded runs (from $XDG_STATE_HOME/iptfleet/runs, default ~/.local/state/iptfleet/runs).",
        discussion: "Each line: start time, command, totals and the record file, which holds every host's result and what changed."
    )

    @Option(name: .short, help: ArgumentHelp("Show only the last n runs.", valueName: "n"))
    var n: Int = 20

    @Option(help: ArgumentHelp("Only runs that touched this host.", valueName: "name"))
    var host: String?

    func validate() throws {
        guard n >= 1 else { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let history = RunHistory.forCurrentUser()
        let entries = history.records().filter { entry in host.map { name in entry.record.hosts.contains { $0.host == name } } ?? true }
        guard !entries.isEmpty else {
            Console.note("no runs recorded in \(history.directory)")
            return
        }
        for (path, record) in entries.suffix(n) {
            let totals = ["changed", "failed", "unreachable"].map { "\($0)=\(record.totals[$0] ?? 0)" }.joined(separator: " ")
            var line = "\(record.started)  \(record.operation)\(record.check ? " --check" : "")  hosts=\(record.hosts.count) \(totals)  \(path)"
            if let host, let result = record.hosts.first(where: { $0.host == host }) {
                line += "\n    \(host): \(result.status.rawValue)" + result.changes.map { "\n      \($0)" }.joined()
            }
            Console.output(line)
        }
    }
}
