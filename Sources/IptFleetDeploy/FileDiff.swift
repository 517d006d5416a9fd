import Foundation
import IptFleetCore
import IptFleetSSH

/// Unified diffs between the files on a host and the files a plan writes, made with the
/// controller's own `diff -u` (one extra command on the host, only with `--diff`; the rulesets'
/// diff is `RulesetDiff`).
enum FileDiff {
    static func make(_ plan: HostPlan, session: SSHSession) throws -> String {
        guard !plan.files.isEmpty else { return "" }
        let paths = plan.files.map { $0.path.shellQuoted }.joined(separator: " ")
        let fetched = try session.exec("for f in \(paths); do echo \"==> $f\"; if [ -f \"$f\" ]; then base64 < \"$f\"; fi; done")
        let current = parse(fetched.stdoutText)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var output = ""
        for (index, file) in plan.files.enumerated() {
            let old = scratch.appendingPathComponent("\(index).old"), new = scratch.appendingPathComponent("\(index).new")
            let wanted = plan.action == .install ? Data(file.content.utf8) : Data()
            try (current[file.path] ?? Data()).write(to: old)
            try wanted.write(to: new)
            output += try unifiedDiff(old: old.path, new: new.path, label: file.path, oldSide: "on the host", newSide: "rendered")
        }
        return output
    }

    /// `==> path` headers each followed by the file's base64.
    static func parse(_ text: String) -> [String: Data] {
        var files: [String: Data] = [:]
        var path: String?
        var encoded = ""
        func flush() {
            if let path { files[path] = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data() }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("==> ") {
                flush()
                path = String(line.dropFirst(4))
                encoded = ""
            } else {
                encoded += line
            }
        }
        flush()
        return files
    }

    /// Foundation's Process is not reliable when several threads start and wait for children
    /// at once (seen in the test suites): worker threads take turns.
    private static let processLock = NSLock()

    static func unifiedDiff(old: String, new: String, label: String, oldSide: String, newSide: String) throws -> String {
        processLock.lock()
        defer { processLock.unlock() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", "--label", "\(label) (\(oldSide))", "--label", "\(label) (\(newSide))", old, new]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
