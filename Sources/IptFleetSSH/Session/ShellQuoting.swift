import Foundation

extension String {
    /// The string as one POSIX shell word: single-quoted, with embedded single quotes escaped.
    public var shellQuoted: String {
        "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
