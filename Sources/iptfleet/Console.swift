import Foundation
import IptFleetCore

/// Writes messages for the user: results to standard output, diagnostics to standard error.
/// Text may hold names and values from the inventory or a host, so control characters other
/// than line breaks and tabs are escaped (`TerminalText`).
enum Console {
    static func output(_ text: String) {
        print(TerminalText.escaped(text, keepingLineBreaks: true))
    }

    /// Raw bytes to standard output in one write: a large JSON document, or a line already
    /// escaped that worker threads must not interleave with another.
    static func output(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func error(_ text: String) {
        note("error: \(text)")
    }

    static func warning(_ text: String) {
        note("warning: \(text)")
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(text, keepingLineBreaks: true) + "\n").utf8))
    }
}
