import Crypto
import _CryptoExtras
import Foundation

/// Ansible Vault's AES256 scheme (`VaultAES256` in ansible-core): PBKDF2-HMAC-SHA256 with 10,000
/// rounds derives 80 bytes from the password and the envelope's salt — the AES-256 key, the
/// HMAC-SHA256 key and the AES-CTR initial counter; the HMAC of the ciphertext is checked (in
/// constant time) before it is decrypted, and PKCS#7 padding is removed. Every primitive is
/// swift-crypto's.
enum VaultCipher {
    static let rounds = 10_000

    /// Why a password does not open an envelope.
    enum Failure: Error, Equatable {
        /// The HMAC does not match: a wrong password, or damaged data.
        case wrongPassword
        /// The HMAC matched but the padding is wrong: the data was made wrongly.
        case badPadding
    }

    static func decrypt(_ envelope: VaultEnvelope, password: [UInt8]) throws(Failure) -> [UInt8] {
        let derived: SymmetricKey
        do {
            derived = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: envelope.salt, using: .sha256,
                                                       outputByteCount: 80, unsafeUncheckedRounds: rounds)
        } catch {
            throw .wrongPassword
        }
        let bytes = derived.withUnsafeBytes { Array($0) }
        let cipherKey = SymmetricKey(data: bytes[0..<32])
        let hmacKey = SymmetricKey(data: bytes[32..<64])
        guard HMAC<SHA256>.isValidAuthenticationCode(envelope.hmac, authenticating: envelope.ciphertext, using: hmacKey) else {
            throw .wrongPassword
        }
        let padded: Data
        do {
            padded = try AES._CTR.decrypt(envelope.ciphertext, using: cipherKey, nonce: AES._CTR.Nonce(nonceBytes: bytes[64..<80]))
        } catch {
            throw .badPadding
        }
        return try unpadded(Array(padded))
    }

    /// `bytes` without PKCS#7 padding (1 to 16 bytes, each holding the count).
    private static func unpadded(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard let last = bytes.last, (1...16).contains(last), bytes.count >= Int(last),
              bytes.suffix(Int(last)).allSatisfy({ $0 == last }) else { throw .badPadding }
        return Array(bytes.dropLast(Int(last)))
    }
}
