import Foundation
import IptFleetSSH

/// The unified diff of each family's live `filter` table against the one the new script would
/// install (`--diff`): the rendered script is sent to a temporary file on the host and asked to
/// `preview` (build and `iptables-restore --test`, print both tables, change nothing).
enum RulesetDiff {
    static func make(layout: InstallLayout, session: any HostChannel) throws -> String {
        guard let script = layout.files.first(where: { $0.path == layout.scriptPath }) else { return "" }
        let command = (["t=$(mktemp) || exit 1"] + RemoteFile.heredoc(script, into: "\"$t\"") + [
            "sh \"$t\" preview; status=$?",
            "rm -f \"$t\"",
            "exit $status",
        ]).joined(separator: "\n")
        let preview = try session.run(command)
        guard preview.succeeded else { return "the new ruleset could not be previewed: \(preview.failureSummary)\n" }
        let tables = sections(preview.stdoutText)
        var output = ""
        for family in ["IPv4", "IPv6"] {
            guard let live = tables["live \(family)"], let new = tables["new \(family)"] else { continue }
            output += try FileDiff.unifiedDiff(old: Data(normalized(live).utf8), new: Data(normalized(new).utf8), label: "\(family) filter table",
                                               oldSide: "live", newSide: "after deploy")
        }
        return output
    }

    /// `==> live IPv4` … headers each followed by a table.
    static func sections(_ text: String) -> [String: String] {
        var tables: [String: String] = [:]
        var name: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("==> ") {
                name = String(line.dropFirst(4))
                tables[name ?? ""] = ""
            } else if let name {
                tables[name, default: ""] += line + "\n"
            }
        }
        return tables
    }

    /// Without comment lines and packet counters, which differ between any two saves, and with
    /// rule comments quoted as iptables-save quotes them (only when they hold a space).
    static func normalized(_ table: String) -> String {
        table.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            if line.hasPrefix(":"), let bracket = line.range(of: " [", options: .backwards) {
                return String(line[..<bracket.lowerBound])
            }
            return String(line).replacing(/--comment "([^" ]*)"/) { "--comment \($0.output.1)" }
        }.joined(separator: "\n") + "\n"
    }
}
