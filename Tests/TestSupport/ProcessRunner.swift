import Foundation

/// Runs a program to completion and captures its output (for tests that compare against real
/// tools such as ansible-inventory or run the iptfleet binary).
public enum ProcessRunner {
    /// How the program ended and what it printed.
    public struct Result: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }

        /// The live line of `host` in iptfleet's output: its status word, or nil.
        public func status(of host: String) -> String? {
            for line in stdout.split(separator: "\n") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                if words.count >= 2, words[1].hasPrefix(host), words[1].dropFirst(host.count).allSatisfy({ $0 == ":" }) {
                    return String(words[0])
                }
            }
            return nil
        }
    }

    /// The `iptfleet` executable SwiftPM built next to the running test bundle.
    public static let iptfleet = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("iptfleet").path

    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Run records of the iptfleet runs that tests make go to a scratch directory, not to the
        // home of whoever runs the tests (a test that looks at them sets its own).
        let scratchState = ["XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-test-state").path]
        process.environment = ProcessInfo.processInfo.environment.merging(scratchState) { _, new in new }.merging(environment) { _, new in new }
        // Output goes to files, not pipes: a child that fills one pipe while we read the other
        // would wait forever.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
