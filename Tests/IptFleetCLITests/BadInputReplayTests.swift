import Foundation
import TestSupport
import Testing

/// Replays the bad-input corpus (`BadInputCorpus`) through the built binary under
/// `/usr/bin/time -v`, one case at a time: each must end with its exit status and messages in
/// under 2 s of CPU time with a peak RSS under 200 MB, naming its file. CPU time, not wall time:
/// the suite runs tests side by side on a small machine, and a loaded machine stretches the wall
/// clock of a run whose own cost is a fraction of a second (the wall time is in the table). With
/// `IPTFLEET_WRITE_SECURITY_TABLE=PATH` the measurements are written there as a Markdown table
/// (`Docs/security-inputs.md`).
struct BadInputReplayTests {
    /// Seconds of CPU time (user and system) one case may take.
    static let timeLimit = 2.0
    static let memoryLimitMB = 200.0

    /// What `/usr/bin/time -v` measured for one run.
    struct Measurement {
        let result: ProcessRunner.Result
        let status: Int32
        let cpuSeconds: Double
        let wallSeconds: Double
        let peakMB: Double
    }

    static func measure(_ arguments: [String], in directory: String) throws -> Measurement {
        let report = directory + "/.time"
        // A hang ends after 10 s: SIGKILL, since children started by Foundation's Process here do
        // not stop on SIGTERM. time -v counts the child's peak RSS.
        let result = try ProcessRunner.run("/usr/bin/time", ["-v", "-o", report, "timeout", "-s", "KILL", "10", ProcessRunner.iptfleet] + arguments, directory: directory)
        var fields: [String: String] = [:]
        for line in try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n") {
            guard let colon = line.range(of: ": ", options: .backwards) else { continue }
            fields[line[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)] = String(line[colon.upperBound...])
        }
        let clock = (fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"] ?? "").split(separator: ":").compactMap { Double($0) }
        let cpu = ["User time (seconds)", "System time (seconds)"].map { Double(fields[$0] ?? "") ?? .infinity }.reduce(0, +)
        let signal = fields.first { $0.key.hasPrefix("Command terminated by signal") }.map { _ in Int32(-1) }
        return Measurement(result: result, status: signal ?? Int32(fields["Exit status"] ?? "") ?? -1, cpuSeconds: cpu,
                           wallSeconds: clock.reduce(0) { $0 * 60 + $1 }, peakMB: (Double(fields["Maximum resident set size (kbytes)"] ?? "") ?? .infinity) / 1024)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "/usr/bin/time not installed"))
    func everyBadInputEndsQuicklyWithAClearMessage() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-bad-inputs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let cases = try BadInputCorpus.cases(in: scratch)
        #expect(cases.count >= 30, "the corpus lost cases: \(cases.map(\.name))")
        var rows: [String] = []
        for item in cases {
            let run = try Self.measure(item.arguments, in: item.directory)
            let output = run.result.stdout + run.result.stderr
            #expect(run.status == item.status, "\(item.name): \(run.result)")
            #expect(run.cpuSeconds < Self.timeLimit, "\(item.name) took \(run.cpuSeconds) s of CPU time")
            #expect(run.peakMB < Self.memoryLimitMB, "\(item.name) peaked at \(run.peakMB) MB")
            for message in item.messages {
                #expect(output.contains(message), "\(item.name) does not say '\(message)': \(run.result.stderr.prefix(2000))")
            }
            #expect(run.result.stderr.count < 2000, "\(item.name) printed \(run.result.stderr.count) characters to stderr")
            // Nothing escapes the case's directory (case 11 writes with --out).
            #expect(!FileManager.default.fileExists(atPath: scratch + "/escaped"), "\(item.name) wrote outside --out")
            rows.append(Self.row(item, run))
        }
        if let path = ProcessInfo.processInfo.environment["IPTFLEET_WRITE_SECURITY_TABLE"], !path.isEmpty {
            try (Self.header + rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// One table row: the message is the first line of stderr (or of stdout on success).
    static func row(_ item: BadInputCorpus.Case, _ run: Measurement) -> String {
        let stream = item.status == 0 ? run.result.stdout : run.result.stderr
        let message = stream.split(separator: "\n").first.map { String($0.prefix(160)) } ?? ""
        let cell = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") }
        return "| \(item.name) | \(item.input.replacingOccurrences(of: "|", with: "\\|")) | \(run.status) | \(String(format: "%.2f s", run.cpuSeconds)) | \(String(format: "%.2f s", run.wallSeconds)) "
            + "| \(String(format: "%.0f MB", run.peakMB)) | `\(cell(message))` |"
    }

    static var header: String {
        """
        # Bad inputs: how iptfleet ends

        GENERATED by `IPTFLEET_WRITE_SECURITY_TABLE=$PWD/Docs/security-inputs.md swift test --filter
        BadInputReplayTests` on \(ISO8601DateFormatter().string(from: Date())) with a debug build. Do not edit by hand: run
        the test again.

        Each case of the bad-input corpus (`Tests/Fixtures/bad-inputs/`, the large ones generated by
        `Tests/IptFleetCLITests/BadInputCorpus.swift`) runs through the `iptfleet` binary under
        `/usr/bin/time -v`; cases are numbered as in the security review of 2026-12-06. The test
        requires the exit status and messages in each case's `expected.txt`, less than \(Int(timeLimit)) s
        of CPU time (user + system; the wall time depends on what else the machine runs) and a peak RSS below \(Int(memoryLimitMB)) MB. The message is the first line iptfleet printed (on
        standard output for inputs that render). `Docs/inventory.md` lists the limits behind them.

        | case | input | exit | CPU time | wall time | peak RSS | message |
        |---|---|---|---|---|---|---|

        """
    }
}
