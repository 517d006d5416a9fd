import Foundation

/// The directory of run records: `$XDG_STATE_HOME/iptfleet/runs`, by default
/// `~/.local/state/iptfleet/runs`; one JSON file per run, named by its start time.
public struct RunHistory: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The history of the current user, following the XDG base directory rules (a relative
    /// `XDG_STATE_HOME` is ignored, as the specification says).
    public static func forCurrentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> RunHistory {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return RunHistory(directory: state + "/iptfleet/runs")
    }

    /// Writes `record` (mode 0600, in a 0700 directory) and returns the file's path.
    @discardableResult
    public func save(_ record: RunRecord) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let stamp = record.started.replacingOccurrences(of: ":", with: "")
        let path = "\(directory)/\(stamp)-\(record.operation)-\(getpid()).json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(record), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }

    /// Every readable record with its path, oldest first; files that are not records are skipped.
    public func records() -> [(path: String, record: RunRecord)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let path = "\(directory)/\(name)"
            guard let data = FileManager.default.contents(atPath: path),
                  let record = try? JSONDecoder().decode(RunRecord.self, from: data) else { return nil }
            return (path, record)
        }
    }
}
