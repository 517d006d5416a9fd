import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished program left behind: its exit status and what it printed.
struct CommandResult: Sendable, CustomStringConvertible {
    let arguments: [String]
    /// The exit code, or 128 + the signal number when a signal ended it.
    let status: Int32
    let stdout: String
    let stderr: String

    var succeeded: Bool { status == 0 }

    var description: String {
        "`\(arguments.joined(separator: " "))` exited \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
    }
}

/// Errors from starting or waiting for a program.
enum CommandError: Error, CustomStringConvertible {
    case cannotStart([String], Int32)
    case timedOut([String], TimeInterval)
    case failed(CommandResult)

    var description: String {
        switch self {
        case .cannotStart(let arguments, let code): "cannot start `\(arguments.joined(separator: " "))`: \(String(cString: strerror(code)))"
        case .timedOut(let arguments, let seconds): "`\(arguments.joined(separator: " "))` did not finish within \(seconds) s (killed)"
        case .failed(let result): result.description
        }
    }
}

/// Runs programs (looked up in PATH) with `posix_spawnp` and `waitpid` on their own PID, with a
/// deadline. Output goes to temporary files, so a program that prints a lot never blocks on a
/// pipe. (Foundation's `Process` lost child exits here when tests ran in parallel.)
enum Command {
    /// Runs `arguments` to completion; `input` becomes its stdin. Throws when the program cannot
    /// start or misses the deadline (it is then killed); a non-zero exit is in the result.
    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> CommandResult {
        let scratch = ScratchDirectory()
        let pid = try spawn(arguments, environment: environment, stdin: try scratch.write("stdin", input ?? ""),
                            stdout: scratch.file("stdout"), stderr: scratch.file("stderr"))
        guard let status = wait(pid, until: Date().addingTimeInterval(timeout)) else {
            kill(pid, SIGKILL)
            _ = wait(pid, until: .distantFuture)
            throw CommandError.timedOut(arguments, timeout)
        }
        return CommandResult(arguments: arguments, status: status, stdout: scratch.read("stdout"), stderr: scratch.read("stderr"))
    }

    /// Runs `arguments` and throws unless it exits 0; returns its stdout.
    @discardableResult
    static func check(_ arguments: [String], input: String? = nil, timeout: TimeInterval = 60) throws -> String {
        let result = try run(arguments, input: input, timeout: timeout)
        guard result.succeeded else { throw CommandError.failed(result) }
        return result.stdout
    }

    /// Starts `arguments` in the background with no input and output discarded; returns its PID
    /// for `stop(_:)`.
    static func background(_ arguments: [String]) throws -> pid_t {
        try spawn(arguments, environment: [:], stdin: "/dev/null", stdout: "/dev/null", stderr: "/dev/null")
    }

    /// Ends a program started by `background(_:)` and reaps it.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        if wait(pid, until: Date().addingTimeInterval(5)) == nil {
            kill(pid, SIGKILL)
            _ = wait(pid, until: .distantFuture)
        }
    }

    private static func spawn(_ arguments: [String], environment: [String: String], stdin: String,
                              stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // A clean signal state: no blocked signals, default handlers (so SIGTERM ends a listener).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&signals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let code = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard code == 0 else { throw CommandError.cannotStart(arguments, code) }
        return pid
    }

    /// The exit status of `pid` once it ends, or nil if it still runs at `deadline`.
    private static func wait(_ pid: pid_t, until deadline: Date) -> Int32? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if reaped < 0, errno != EINTR { return -1 }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }
}
