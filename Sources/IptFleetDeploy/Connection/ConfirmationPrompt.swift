import Foundation

/// Asks the operator whether to keep a rule change on a `local` host, as `iptables-apply` does:
/// the host's rollback timer undoes the change unless the answer is yes in time.
public protocol ConfirmationPrompt: Sendable {
    /// Whether anyone can answer (iptfleet's stdin is a terminal).
    var canAsk: Bool { get }
    /// Shows `question` and returns the line typed before `deadline`, or nil when none came.
    func ask(_ question: String, until deadline: ContinuousClock.Instant) -> String?
}

/// The question on stderr, the answer from stdin (a terminal). One question at a time, whatever
/// the number of local hosts; input typed before the question is thrown away.
public struct TerminalPrompt: ConfirmationPrompt {
    public init() {}

    private static let lock = NSLock()

    public var canAsk: Bool { isatty(STDIN_FILENO) == 1 }

    public func ask(_ question: String, until deadline: ContinuousClock.Instant) -> String? {
        Self.lock.withLock {
            guard ContinuousClock.now < deadline else { return nil }
            tcflush(STDIN_FILENO, TCIFLUSH)
            FileHandle.standardError.write(Data(question.utf8))
            var line = [UInt8]()
            while true {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { break }
                var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: Int64(left / .milliseconds(1)) + 1)
                guard poll(&poller, 1, milliseconds) > 0 else { continue }
                var byte: UInt8 = 0
                guard read(STDIN_FILENO, &byte, 1) == 1 else { break }
                if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
                line.append(byte)
            }
            FileHandle.standardError.write(Data("\n".utf8))
            return nil
        }
    }
}
