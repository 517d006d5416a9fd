import Foundation

/// What one run did, kept as a JSON file under the user's state directory (`RunHistory`), so
/// that "what changed on Tuesday" has an answer: when, the command line (secrets masked), the
/// inventory, and every host's result with what changed.
public struct RunRecord: Codable, Sendable, Equatable {
    /// ISO 8601, UTC.
    public let started: String
    public let finished: String
    /// `iptfleet --version` of the binary that ran.
    public let version: String
    /// The command line, with secret values replaced by `***` (`RunRecord.masked`).
    public let command: [String]
    /// deploy, uninstall, status or ping.
    public let operation: String
    public let workingDirectory: String
    /// The inventory sources as absolute paths.
    public let inventory: [String]
    public let check: Bool
    public let exitCode: Int32
    public let totals: [String: Int]
    public let hosts: [HostResult]

    public init(operation: HostOperation, started: Date, finished: Date, version: String, arguments: [String], workingDirectory: String,
                inventory: [String], check: Bool, summary: RunSummary) {
        self.started = Self.timestamp(started)
        self.finished = Self.timestamp(finished)
        self.version = version
        self.command = Self.masked(arguments)
        self.operation = "\(operation)"
        self.workingDirectory = workingDirectory
        self.inventory = inventory.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: workingDirectory)).standardized.path }
        self.check = check
        self.exitCode = summary.exitCode
        self.totals = summary.totals
        self.hosts = summary.results
    }

    /// The arguments with the `-e`/`--extra-vars` values rewritten by `SecretVariables`, so that
    /// the whole value of every secret-named variable reads `***`.
    public static func masked(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var nextIsExtraVars = false
        for argument in arguments {
            if nextIsExtraVars {
                result.append(SecretVariables.maskedExtraVars(argument))
                nextIsExtraVars = false
            } else if let option = ["--extra-vars=", "-e="].first(where: argument.hasPrefix) {
                result.append(option + SecretVariables.maskedExtraVars(String(argument.dropFirst(option.count))))
            } else {
                result.append(argument)
                nextIsExtraVars = argument == "-e" || argument == "--extra-vars"
            }
        }
        return result
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
