import Foundation

/// The text form of Ansible Vault data: a header line `$ANSIBLE_VAULT;1.1;AES256` (or
/// `$ANSIBLE_VAULT;1.2;AES256;label`) and hexlified lines that hold, once decoded, the salt, the
/// HMAC-SHA256 and the ciphertext, each hexlified again and separated by newlines.
struct VaultEnvelope: Sendable, Equatable {
    static let header = "$ANSIBLE_VAULT"
    /// The largest envelope read (a vault file is at most an `InputFile` anyway): bounds the hex
    /// decoding and the key derivation's input, so garbage of many MiB fails fast.
    static let maximumSize = InputFile.maximumSize

    let version: String
    let cipher: String
    /// The 1.2 label (`--vault-id label@…`), nil in format 1.1.
    let label: String?
    let salt: [UInt8]
    let hmac: [UInt8]
    let ciphertext: [UInt8]

    /// Why an envelope cannot be read; none of the messages holds any of its bytes.
    struct FormatError: Error, Equatable, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Whether `text` is vault data, as Ansible's `is_encrypted` decides: it starts with the header.
    static func isVault(_ text: some StringProtocol) -> Bool {
        text.hasPrefix(header)
    }

    /// Parses an envelope as Ansible's `parse_vaulttext_envelope` and `parse_vaulttext` do:
    /// header fields split at `;` and trimmed, the body's lines joined, then unhexlified.
    init(_ text: String) throws(FormatError) {
        guard text.utf8.count <= Self.maximumSize else {
            throw FormatError(reason: "the vault data has \(text.utf8.count) bytes; iptfleet reads at most \(Self.maximumSize)")
        }
        // Python's splitlines() on bytes: lines end at \n, \r or \r\n; the body's lines are joined.
        let bytes = Array(text.utf8)
        let isLineBreak = { (byte: UInt8) in byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        let headerEnd = bytes.firstIndex(where: isLineBreak) ?? bytes.endIndex
        let first = String(decoding: bytes[..<headerEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard Self.isVault(first) else { throw FormatError(reason: "it does not start with \(Self.header)") }
        let fields = first.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 3 else {
            throw FormatError(reason: "its header has \(fields.count) field\(fields.count == 1 ? "" : "s"); expected $ANSIBLE_VAULT;1.1;AES256 or $ANSIBLE_VAULT;1.2;AES256;label")
        }
        version = fields[1]
        cipher = fields[2]
        label = fields.count >= 4 ? fields[3] : nil
        guard cipher == "AES256" else {
            throw FormatError(reason: "its cipher '\(cipher.excerpt())' is not AES256, the only one Ansible Vault knows")
        }
        var body: [UInt8] = []
        body.reserveCapacity(bytes.count - headerEnd)
        bytes.withUnsafeBufferPointer { buffer in
            // Index by index: fast even in a debug build (a bad input must end quickly).
            var index = headerEnd
            while index < buffer.count {
                if buffer[index] != UInt8(ascii: "\n") && buffer[index] != UInt8(ascii: "\r") { body.append(buffer[index]) }
                index += 1
            }
        }
        guard let inner = Self.unhexlify(body) else {
            throw FormatError(reason: "its body is not hexadecimal text (truncated or damaged?)")
        }
        let parts = inner.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw FormatError(reason: "its body does not hold a salt, an HMAC and a ciphertext (truncated or damaged?)")
        }
        guard let salt = Self.unhexlify(parts[0]), let ciphertext = Self.unhexlify(parts[2]), let hmac = Self.unhexlify(parts[1]) else {
            throw FormatError(reason: "its salt, HMAC or ciphertext is not hexadecimal (truncated or damaged?)")
        }
        guard !salt.isEmpty, hmac.count == 32 else {
            throw FormatError(reason: "its salt is empty or its HMAC is not 32 bytes (truncated or damaged?)")
        }
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw FormatError(reason: "its ciphertext is not a whole number of 16-byte blocks (truncated or damaged?)")
        }
        self.salt = salt
        self.hmac = hmac
        self.ciphertext = ciphertext
    }

    /// Python's `binascii.unhexlify`: an even number of hex digits, either case; nil otherwise.
    static func unhexlify(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        let table = hexValues
        return text.withUnsafeBufferPointer { digits -> [UInt8]? in
            var failed = false
            let result = [UInt8](unsafeUninitializedCapacity: digits.count / 2) { buffer, count in
                var index = 0
                while index < digits.count {
                    let high = table[Int(digits[index])], low = table[Int(digits[index + 1])]
                    guard high < 16, low < 16 else {
                        failed = true
                        break
                    }
                    buffer[index / 2] = high << 4 | low
                    index += 2
                }
                count = failed ? 0 : digits.count / 2
            }
            return failed ? nil : result
        }
    }

    static func unhexlify(_ text: [UInt8]) -> [UInt8]? { unhexlify(text[...]) }

    /// Each byte's value as a hex digit, 0xFF when it is none.
    private static let hexValues: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }
}
