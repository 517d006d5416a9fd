import Foundation
import IptFleetCore

/// Where log lines go: standard error (coloured by level when it is a terminal) and, with
/// `--log-file`, appended to that file with a timestamp. One write per line, under a lock, so
/// lines from different worker threads never interleave.
final class LogDestination: @unchecked Sendable {
    private let lock = NSLock()
    private let file: FileHandle?
    private let colour = isatty(STDERR_FILENO) == 1
    private let timestamp: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    /// Opens (creating with mode 0600, appending) `logFile` when given.
    init(logFile: String?) throws {
        guard let logFile else {
            file = nil
            return
        }
        let descriptor = open(logFile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LogFileError(path: logFile, reason: String(cString: strerror(errno)))
        }
        file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Writes one record. The message may carry text from the inventory or a host: control
    /// characters are escaped, and the lines after the first are indented, so that nothing
    /// inside a message can pass for a record of its own.
    func write(level: String, source: String, message: String) {
        let text = TerminalText.escaped(source + message, keepingLineBreaks: true).replacingOccurrences(of: "\n", with: "\n    ")
        let plain = "\(level): \(text)\n"
        let onTerminal = colour ? "\u{1B}[\(Self.colourCode(level))m\(level)\u{1B}[0m: \(text)\n" : plain
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(onTerminal.utf8))
        file?.write(Data((timestamp.string(from: Date()) + " " + plain).utf8))
    }

    private static func colourCode(_ level: String) -> String {
        switch level {
        case "trace", "debug": return "2"
        case "info", "notice": return "36"
        case "warning": return "33"
        default: return "31"
        }
    }
}

/// `--log-file` cannot be opened.
struct LogFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot open log file \(path): \(reason)" }
}
