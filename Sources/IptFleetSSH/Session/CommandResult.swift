import Foundation

/// What a remote command left behind: its two output streams, its exit status and, when a
/// signal ended it, that signal.
public struct CommandResult: Sendable, Equatable {
    public var stdout: Data
    public var stderr: Data
    /// The exit status. A command killed by a signal reports 0 here: check `exitSignal` too.
    public var exitStatus: Int32
    /// The signal that ended the command, without the `SIG` prefix (`TERM`, `KILL`), or nil.
    public var exitSignal: String?

    public init(stdout: Data, stderr: Data, exitStatus: Int32, exitSignal: String?) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
    }

    /// True when the command exited with status 0 and was not killed by a signal.
    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil }

    /// stdout decoded as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// stderr decoded as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// One line saying how a failed command ended, for a report: the last non-empty line of its
    /// stderr with its exit status (or signal), or the exit status alone when stderr is empty.
    public var failureSummary: String {
        let lines = stderrText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let ending = exitSignal.map { "killed by signal \($0)" } ?? "exit status \(exitStatus)"
        return lines.last.map { "\($0) (\(ending))" } ?? ending
    }
}
