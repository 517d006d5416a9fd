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

    /// Opens (creating with mode 0600, appending) `logFile` when given. An existing regular file
    /// must belong to this user and is made 0600; a symbolic link is refused, so that a link
    /// planted in a shared directory cannot make iptfleet append to another file.
    init(logFile: String?) throws {
        guard let logFile else {
            file = nil
            return
        }
        let descriptor = open(logFile, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link; name the file itself" : String(cString: strerror(errno))
            throw LogFileError(path: logFile, reason: reason)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            guard status.st_uid == geteuid() else {
                throw LogFileError(path: logFile, reason: "it belongs to uid \(status.st_uid), not to uid \(geteuid()) who runs iptfleet; remove it or choose another file")
            }
            if status.st_mode & 0o077 != 0 { fchmod(descriptor, 0o600) }
        }
        file = handle
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
