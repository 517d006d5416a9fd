import CLibSSH2
import Foundation
import Logging

extension SSHSession {
    /// Runs `command` with the remote user's shell and returns what it printed and how it ended.
    ///
    /// - Parameters:
    ///   - stdin: bytes written to the command's standard input (followed by end-of-file).
    ///   - timeout: budget for the whole command; defaults to `options.commandTimeout`.
    ///   - become: when true (the default) and `options.become` is set, the command runs under sudo.
    /// - Throws: `commandTimedOut` (the session is then closed), `becomePasswordRequired` or
    ///   `becomeFailed` when sudo does not run the command, `sessionFailed` on protocol errors.
    ///   A non-zero exit status is not an error: look at the result.
    public func exec(_ command: String, stdin: Data? = nil, timeout: Duration? = nil, become: Bool = true) throws(SSHError) -> CommandResult {
        let remote = RemoteCommand(command, become: become ? options.become : nil)
        let deadline = Deadline(after: timeout ?? options.commandTimeout)
        logger.trace("exec\(remote.become.map { " (sudo -u \($0.user))" } ?? ""): \(LogText.shortened(command))")
        if let stdin, !stdin.isEmpty {
            logger.trace("stdin (\(stdin.count) bytes): \(LogText.shortened(String(decoding: stdin, as: UTF8.self)))")
        }
        do {
            let result = try run(remote, stdin: stdin ?? Data(), deadline: deadline)
            logger.trace("""
                \(result.exitSignal.map { "killed by signal \($0)" } ?? "exit status \(result.exitStatus)")
                stdout: \(LogText.shortened(result.stdoutText))
                stderr: \(LogText.shortened(result.stderrText))
                """)
            return result
        } catch .timedOut {
            throw .commandTimedOut(endpoint: options.endpoint, command: command, after: deadline.budget)
        }
    }

    private func run(_ remote: RemoteCommand, stdin: Data, deadline: Deadline) throws(SSHError) -> CommandResult {
        let session = try connectedHandle()
        let channel = try performReturning("opening a channel", until: deadline) {
            libssh2_channel_open_ex(session, "session", 7, UInt32(2 * 1024 * 1024), UInt32(32_768), nil, 0)
        }
        guard let channel else { throw failure("opening a channel") }
        defer { release(channel) }
        let line = remote.commandLine
        let started = try perform("starting the command", until: deadline) {
            libssh2_channel_process_startup(channel, "exec", 4, line, UInt32(line.utf8.count))
        }
        guard started == 0 else { throw failure("starting the command") }

        var gate = BecomeGate(remote)
        var output = Data()
        var errors = Data()
        var input = [UInt8]()
        var written = 0
        var eofSent = false
        if gate.commandRunning { input = [UInt8](stdin) }
        var buffer = [UInt8](repeating: 0, count: 65_536)

        while true {
            if deadline.hasPassed {
                tearDown()
                throw .timedOut(endpoint: options.endpoint, operation: "running the command", after: deadline.budget)
            }
            var progressed = false
            var blockedOn: Int32 = 0

            if written < input.count {
                let count = input.withUnsafeBufferPointer { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        libssh2_channel_write_ex(channel, 0, $0 + written, bytes.count - written)
                    }
                }
                if count > 0 {
                    written += count
                    progressed = true
                } else if count == Int(LIBSSH2_ERROR_EAGAIN) {
                    blockedOn |= libssh2_session_block_directions(session)
                } else {
                    written = input.count  // the command stopped reading (or has exited): drop the rest
                    eofSent = true
                }
            } else if gate.commandRunning && !eofSent {
                let status = libssh2_channel_send_eof(channel)
                if status == LIBSSH2_ERROR_EAGAIN {
                    blockedOn |= libssh2_session_block_directions(session)
                } else {
                    eofSent = true
                    progressed = true
                }
            }

            let fromStdout = try drain(channel, stream: 0, into: &output, buffer: &buffer)
            let fromStderr = try drain(channel, stream: Int32(SSH_EXTENDED_DATA_STDERR), into: &errors, buffer: &buffer)
            progressed = progressed || fromStdout.progressed || fromStderr.progressed
            blockedOn |= fromStdout.blockedOn | fromStderr.blockedOn
            let streamsDone = fromStdout.blockedOn == 0 && fromStderr.blockedOn == 0

            switch gate.inspect(stdout: &output, stderr: &errors) {
            case .passwordRequested:
                input += Array((remote.become?.password?.value ?? "").utf8) + [UInt8(ascii: "\n")]
                progressed = true
            case .commandStarted:
                input += [UInt8](stdin)
                progressed = true
            case .passwordRejected:
                throw .becomeFailed(endpoint: options.endpoint, detail: "sudo rejected the become password")
            case .none:
                break
            }

            if streamsDone && libssh2_channel_eof(channel) != 0 { break }
            // Reading one stream reads every packet the socket has, so the other stream's data
            // and the end of the command may already sit in libssh2's queue: wait on the socket
            // only when nothing is queued, or a command that has ended waits for its deadline.
            if !progressed && libssh2_poll_channel_read(channel, 1) == 0 && libssh2_channel_eof(channel) == 0 {
                try wait(for: "running the command", session: session, until: deadline, directions: blockedOn)
            }
        }

        _ = try perform("closing the channel", until: deadline) { libssh2_channel_close(channel) }
        _ = try perform("closing the channel", until: deadline) { libssh2_channel_wait_closed(channel) }
        let result = CommandResult(
            stdout: output, stderr: errors,
            exitStatus: libssh2_channel_get_exit_status(channel),
            exitSignal: exitSignal(of: channel, session: session))
        guard gate.commandRunning else { throw gate.failure(endpoint: options.endpoint, result: result) }
        return result
    }

    /// Reads one stream of the channel until libssh2 has nothing more; `blockedOn` is non-zero
    /// when it would block (the stream may have more later).
    private func drain(_ channel: OpaquePointer, stream: Int32, into sink: inout Data, buffer: inout [UInt8]) throws(SSHError)
        -> (progressed: Bool, blockedOn: Int32) {
        var progressed = false
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { bytes in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    libssh2_channel_read_ex(channel, stream, $0, bytes.count)
                }
            }
            if count > 0 {
                sink.append(contentsOf: buffer[0..<count])
                progressed = true
            } else if count == Int(LIBSSH2_ERROR_EAGAIN) {
                let session = try connectedHandle()
                return (progressed, libssh2_session_block_directions(session) | LIBSSH2_SESSION_BLOCK_INBOUND)
            } else if count == 0 {
                return (progressed, 0)
            } else {
                throw failure("reading the command's output")
            }
        }
    }

    private func exitSignal(of channel: OpaquePointer, session: OpaquePointer) -> String? {
        var name: UnsafeMutablePointer<CChar>?
        var length = 0
        guard libssh2_channel_get_exit_signal(channel, &name, &length, nil, nil, nil, nil) == 0, let name else { return nil }
        defer { libssh2_free(session, name) }
        return String(cString: name)
    }

    /// Frees a channel, waiting at most a second; nothing to do after a teardown (freeing the
    /// session freed its channels).
    private func release(_ channel: OpaquePointer) {
        guard let session = handle else { return }
        let deadline = Deadline(after: .seconds(1))
        while libssh2_channel_free(channel) == LIBSSH2_ERROR_EAGAIN,
              pollSocket(directions: libssh2_session_block_directions(session), deadline: deadline) {}
    }
}
