import Foundation
import IptFleetCore
import IptFleetSSH

/// Unified diffs between the files on a host and the files a plan writes, made with the
/// controller's own `diff -u` (one extra command on the host, only with `--diff`; the rulesets'
/// diff is `RulesetDiff`).
enum FileDiff {
    static func make(_ plan: HostPlan, session: any HostChannel) throws -> String {
        guard !plan.files.isEmpty else { return "" }
        let paths = plan.files.map { $0.path.shellQuoted }.joined(separator: " ")
        let fetched = try session.run("for f in \(paths); do echo \"==> $f\"; if [ -f \"$f\" ]; then base64 < \"$f\"; fi; done")
        let current = parse(fetched.stdoutText)
        var output = ""
        for file in plan.files {
            let wanted = plan.action == .install ? Data(file.content.utf8) : Data()
            output += try unifiedDiff(old: current[file.path] ?? Data(), new: wanted, label: file.path, oldSide: "on the host", newSide: "rendered")
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

    /// `diff -u` of two contents, written for it to a private scratch directory removed afterwards.
    static func unifiedDiff(old: Data, new: Data, label: String, oldSide: String, newSide: String) throws -> String {
        let scratch = try PrivateScratchDirectory(prefix: "iptfleet-diff")
        defer { scratch.remove() }
        let oldPath = try scratch.write(old, named: "old"), newPath = try scratch.write(new, named: "new")
        processLock.lock()
        defer { processLock.unlock() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", "--label", "\(label) (\(oldSide))", "--label", "\(label) (\(newSide))", oldPath, newPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
