import Foundation

/// Runs programs for tests — real tools (iptables, ssh-keygen, ansible-inventory), the iptfleet
/// binary — to completion with a deadline, or in the background (`ChildProcess`). Output goes to
/// files, not pipes: a child that fills one pipe while we read the other would wait forever.
public enum ProcessRunner {
    /// How the program ended and what it printed.
    public struct Result: Sendable, CustomStringConvertible {
        public let arguments: [String]
        /// The exit code, or 128 + the signal number when a signal ended it.
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(arguments: [String], status: Int32, stdout: String, stderr: String) {
            self.arguments = arguments
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        public var succeeded: Bool { status == 0 }

        public var description: String {
            "`\(arguments.joined(separator: " "))` exited \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
        }

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

    /// A program that did not finish in time, or that failed where success was required.
    public enum Failure: Error, CustomStringConvertible {
        case timedOut([String], TimeInterval)
        case failed(Result)

        public var description: String {
            switch self {
            case .timedOut(let arguments, let seconds): "`\(arguments.joined(separator: " "))` did not finish within \(seconds) s (killed)"
            case .failed(let result): result.description
            }
        }
    }

    /// The `iptfleet` executable SwiftPM built next to the running test bundle.
    public static let iptfleet = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("iptfleet").path

    /// Runs `arguments` (the program is looked up in PATH unless it holds a slash) to completion;
    /// `input` becomes its stdin, `environment` is added to this process's. Throws when the
    /// program cannot start or misses the deadline (it is then killed); a non-zero exit is in the
    /// result. Run records of iptfleet runs go to a scratch directory, not to the home of whoever
    /// runs the tests (a test that looks at them sets its own `XDG_STATE_HOME`).
    public static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                           directory: String? = nil, timeout: TimeInterval = 1800) throws -> Result {
        let scratch = TemporaryDirectory()
        let scratchState = ["XDG_STATE_HOME": (NSTemporaryDirectory() as NSString).appendingPathComponent("iptfleet-test-state")]
        let child = try ChildProcess(arguments[0], Array(arguments.dropFirst()), stdin: try scratch.write("stdin", input ?? ""),
                                     stdout: scratch.file("stdout"), stderr: .file(scratch.file("stderr")),
                                     environment: scratchState.merging(environment) { $1 }, directory: directory)
        guard let status = child.wait(until: Date().addingTimeInterval(timeout)) else {
            kill(child.pid, SIGKILL)
            child.wait()
            throw Failure.timedOut(arguments, timeout)
        }
        return Result(arguments: arguments, status: status, stdout: scratch.read("stdout"), stderr: scratch.read("stderr"))
    }

    /// `run([executable] + arguments, …)`.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil, directory: String? = nil,
                           environment: [String: String] = [:], timeout: TimeInterval = 1800) throws -> Result {
        try run([executable] + arguments, input: input, environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs `arguments` and throws unless it exits 0; returns its stdout.
    @discardableResult
    public static func check(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                             timeout: TimeInterval = 1800) throws -> String {
        let result = try run(arguments, input: input, environment: environment, timeout: timeout)
        guard result.succeeded else { throw Failure.failed(result) }
        return result.stdout
    }

    /// Starts `arguments` in the background, input and output discarded; `stop()` ends it.
    public static func background(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(arguments[0], Array(arguments.dropFirst()))
    }
}
