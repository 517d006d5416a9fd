import Foundation
import IptFleetDeploy

/// `--json`: every host's result and the totals, for pipelines.
enum JSONReport {
    private struct Document: Encodable {
        let hosts: [HostResult]
        let totals: [String: Int]
        let exitCode: Int32
    }

    static func make(_ summary: RunSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(hosts: summary.results, totals: summary.totals, exitCode: summary.exitCode)), as: UTF8.self)
    }
}
