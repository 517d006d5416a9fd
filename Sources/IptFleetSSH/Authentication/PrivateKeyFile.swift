import Foundation

/// What the header of a private key file tells without decrypting it: the key type and whether
/// a passphrase protects it. Used to ask for a passphrase only when one is needed and to explain
/// RSA failures.
struct PrivateKeyFile {
    /// The SSH key type (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, …), nil when the format hides it.
    let keyType: String?
    let isEncrypted: Bool

    /// Reads the file's header. Throws a short reason (for the "tried" list) when it is not
    /// readable, or when group or others may read or write it: OpenSSH ignores such a key
    /// ("UNPROTECTED PRIVATE KEY FILE"), and so does iptfleet.
    init(path: String) throws(KeyFileProblem) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeyFileProblem(reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            let permissions = String(format: "%04o", status.st_mode & 0o777)
            throw KeyFileProblem(reason: "UNPROTECTED PRIVATE KEY FILE: permissions \(permissions) are too open; chmod 600 \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            guard let header = Self.openSSHHeader(text) else { throw KeyFileProblem(reason: "damaged OpenSSH key file") }
            self = header
        } else if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
            self.init(keyType: "ssh-rsa", isEncrypted: text.contains("ENCRYPTED"))
        } else if text.contains("-----BEGIN EC PRIVATE KEY-----") {
            self.init(keyType: "ecdsa", isEncrypted: text.contains("ENCRYPTED"))
        } else if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            self.init(keyType: nil, isEncrypted: true)
        } else if text.contains("PRIVATE KEY-----") {
            self.init(keyType: nil, isEncrypted: false)
        } else {
            throw KeyFileProblem(reason: "not a private key file")
        }
    }

    init(keyType: String?, isEncrypted: Bool) {
        self.keyType = keyType
        self.isEncrypted = isEncrypted
    }

    /// Parses `openssh-key-v1`: magic, cipher name, KDF name, KDF options, key count, then the
    /// (unencrypted) public key blob whose first string is the key type.
    private static func openSSHHeader(_ text: String) -> PrivateKeyFile? {
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let blob = Data(base64Encoded: body) else { return nil }
        var reader = SSHWireReader(bytes: [UInt8](blob))
        guard reader.readMagic("openssh-key-v1\0"),
              let cipher = reader.readString(),
              reader.readString() != nil,  // KDF name
              reader.readString() != nil,  // KDF options
              reader.readUInt32() != nil,  // number of keys
              let publicKey = reader.readString()
        else { return nil }
        var keyReader = SSHWireReader(bytes: publicKey)
        return PrivateKeyFile(
            keyType: keyReader.readString().map { String(decoding: $0, as: UTF8.self) },
            isEncrypted: String(decoding: cipher, as: UTF8.self) != "none")
    }
}

/// Why a key file could not be used, as a few words for the "tried" list.
struct KeyFileProblem: Error {
    let reason: String
}

/// Reads the SSH wire encoding (RFC 4251): big-endian uint32 and length-prefixed strings.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func readMagic(_ magic: String) -> Bool {
        let expected = Array(magic.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else { return false }
        offset += expected.count
        return true
    }

    mutating func readUInt32() -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func readString() -> [UInt8]? {
        guard let length = readUInt32().map(Int.init), bytes.count - offset >= length else { return nil }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }
}
