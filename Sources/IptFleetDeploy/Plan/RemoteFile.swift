import Foundation
import IptFleetCore

/// A rendered file carried to a host inside a shell script: `base64 -d` from a here-document
/// whose end token (`IPTFLEET_` and the start of the file's sha256) cannot occur in base64.
enum RemoteFile {
    /// The lines that write `file` to `destination` (a shell word, already quoted);
    /// `onFailure`, if any, runs when the write fails.
    static func heredoc(_ file: RenderedFile, into destination: String, onFailure: String? = nil) -> [String] {
        let token = "IPTFLEET_" + file.sha256.prefix(16).uppercased()
        return [
            "base64 -d > \(destination) <<'\(token)'" + (onFailure.map { " || \($0)" } ?? ""),
            Data(file.content.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]),
            token,
        ]
    }
}
