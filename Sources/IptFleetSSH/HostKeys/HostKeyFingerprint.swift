import Foundation

/// A server's host key as OpenSSH shows it: key type and `SHA256:` fingerprint.
public struct HostKeyFingerprint: Sendable, Equatable, CustomStringConvertible {
    /// The algorithm name, e.g. `ssh-ed25519`.
    public let keyType: String
    /// `SHA256:` followed by the unpadded base64 of the key's SHA-256 digest, as `ssh-keygen -l` prints it.
    public let sha256: String

    init(keyType: String, sha256Digest: [UInt8]) {
        self.keyType = keyType
        let base64 = Data(sha256Digest).base64EncodedString()
        self.sha256 = "SHA256:" + base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    public var description: String { "\(keyType) \(sha256)" }
}
