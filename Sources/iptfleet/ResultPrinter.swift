import Foundation
import IptFleetCore
import IptFleetDeploy

/// Prints one line per host as it finishes; colours only when standard output is a terminal.
struct ResultPrinter: Sendable {
    let verbose: Bool
    let operation: HostOperation
    let colour = isatty(STDOUT_FILENO) == 1

    /// The host's name, reason, details and changes come from the inventory or the host: each is
    /// printed on its own line with its control characters escaped.
    func printLine(_ result: HostResult) {
        let escaped = { (text: String) in TerminalText.escaped(text) }
        var line = "\(paint(result.status)) \(escaped(result.host))"
        switch result.status {
        case let status where status.isFailure || status == .skipped:
            line += ": \(escaped(result.reason ?? ""))"
        case .ok where operation == .status || operation == .ping:
            line += "  " + result.details.sorted { $0.key < $1.key }.map { escaped("\($0.key)=\($0.value)") }.joined(separator: " ")
        case .changed:
            line += verbose ? "\n" + result.changes.map { "    \(escaped($0))" }.joined(separator: "\n") : " (\(result.changes.count) change\(result.changes.count == 1 ? "" : "s"))"
        default:
            break
        }
        // One write per line, so lines from different worker threads never interleave.
        Console.output(bytes: Array((line + "\n").utf8))
    }

    private func paint(_ status: HostStatus) -> String {
        let label = status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
        guard colour else { return label }
        let code: String
        switch status {
        case .ok: code = "32"
        case .changed: code = "33"
        case .failed, .rolledBack: code = "31"
        case .unreachable: code = "1;31"
        case .skipped: code = "36"
        }
        return "\u{1B}[\(code)m\(label)\u{1B}[0m"
    }
}
