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
        let totals = Dictionary(uniqueKeysWithValues: HostStatus.allCases.map { ($0.rawValue, summary.count($0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(hosts: summary.results, totals: totals, exitCode: summary.exitCode)), as: UTF8.self)
    }
}
