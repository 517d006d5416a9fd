import Foundation

/// A child process started with `posix_spawnp` (PATH is searched) and reaped with `waitpid` on
/// its own PID.
///
/// Foundation's `Process` is not used: with tests running in parallel it missed child exits
/// (waitUntilExit never returned), and its pipes leak into concurrently spawned children. The
/// child gets only stdin, stdout and stderr (`closefrom(3)`), from and to files, default signal
/// handling and an empty signal mask (ssh-agent would otherwise ignore SIGTERM).
public final class ChildProcess: @unchecked Sendable {
    /// Where the child's stderr goes.
    public enum StandardError: Sendable {
        case file(String)
        case sameAsStdout
        /// This process's own stderr (progress lines a test run should show).
        case inherited
    }

    public let pid: pid_t
    private var status: Int32?
    private let lock = NSLock()

    /// - Parameters:
    ///   - stdin: file for stdin.
    ///   - stdout: file for stdout (created or truncated).
    ///   - stderr: where stderr goes.
    ///   - environment: added to (and overriding) this process's environment.
    ///   - directory: the child's working directory (this process's when nil).
    public init(_ executable: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String = "/dev/null",
                stderr: StandardError = .sameAsStdout, environment: [String: String] = [:], directory: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        switch stderr {
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 2, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .sameAsStdout: posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .inherited: break
        }
        _ = spawnCloseFrom(&actions, 3)
        if let directory {
            let changed = directory.withCString { spawnChangeDirectory(&actions, $0) }
            guard changed == 0 else { throw TestSetupError("cannot run \(executable) in \(directory): \(String(cString: strerror(changed)))") }
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let result = posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError("cannot start \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// True until the child has exited (reaps it when it has).
    public var isRunning: Bool {
        lock.withLock {
            guard status == nil else { return false }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            return status == nil
        }
    }

    /// Waits for the child to exit; returns its exit status (128 + signal when a signal ended it).
    @discardableResult
    public func wait() -> Int32 {
        lock.withLock {
            if status == nil {
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                status = raw
            }
            return Self.exitCode(status!)
        }
    }

    /// Waits until `deadline` at most; the exit status, or nil while the child still runs.
    public func wait(until deadline: Date) -> Int32? {
        while isRunning {
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
        return wait()
    }

    /// Ends the child (SIGTERM, SIGKILL after 5 s) and reaps it.
    public func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if wait(until: Date().addingTimeInterval(5)) == nil {
            kill(pid, SIGKILL)
            wait()
        }
    }

    private static func exitCode(_ raw: Int32) -> Int32 { raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f) }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does not import.
private func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ descriptor: Int32) -> Int32 {
    typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        fatalError("glibc 2.34 or later is needed (posix_spawn_file_actions_addclosefrom_np)")
    }
    return unsafeBitCast(symbol, to: Function.self)(actions, descriptor)
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which the Glibc module does not import.
private func spawnChangeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32 {
    typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
        fatalError("glibc 2.29 or later is needed (posix_spawn_file_actions_addchdir_np)")
    }
    return unsafeBitCast(symbol, to: Function.self)(actions, path)
}
