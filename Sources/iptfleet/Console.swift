import Foundation

/// Writes messages for the user: results to standard output, diagnostics to standard error.
enum Console {
    static func output(_ text: String) {
        print(text)
    }

    /// Raw bytes to standard output (a large JSON document).
    static func output(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}
