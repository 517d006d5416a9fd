import Crypto
import Foundation

/// One file to install on a host: its remote path, ownership, mode and content, and what it is
/// to iptfleet.
public struct RenderedFile: Sendable, Equatable {
    public let path: String
    public let owner: String
    public let group: String
    /// Permission bits, e.g. 0o700.
    public let mode: UInt16
    public let content: String
    public let role: FileRole

    public init(path: String, owner: String, group: String, mode: UInt16, content: String, role: FileRole) {
        self.path = path
        self.owner = owner
        self.group = group
        self.mode = mode
        self.content = content
        self.role = role
    }

    /// Lower-case hex SHA-256 of the content, as `sha256sum` prints it.
    public var sha256: String {
        SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The mode as four octal digits (`0700`).
    public var modeString: String { String(format: "%04o", mode) }
}
