import Synchronization

/// The vault passwords of a run, in the order Ansible tries them, and the one place where vault
/// data is decrypted. Each envelope is decrypted once and remembered (a group's secret is used
/// by every host of the group). Errors name the file and line of the vault data, never a
/// password or a decrypted byte.
public final class VaultKeyring: Sendable {
    public let secrets: [VaultSecret]
    private let decrypted = Mutex<[String: String]>([:])

    /// No password at all: vault data is an error that says where one could come from.
    public static let empty = VaultKeyring([])

    public init(_ secrets: [VaultSecret]) {
        self.secrets = secrets
    }

    /// Where a vault password can come from, for the message when none was given.
    static let passwordSources = "--vault-password-file FILE, --vault-id [LABEL@]FILE|prompt, --ask-vault-pass, "
        + "ANSIBLE_VAULT_PASSWORD_FILE, ANSIBLE_VAULT_IDENTITY_LIST, or vault_password_file / vault_identity_list in ansible.cfg [defaults]"

    /// The secrets to try on an envelope labelled `label`, as ansible-core's `VaultLib.decrypt`
    /// orders them: those with that vault id first, then all the others, each group in the order
    /// given. A 1.1 envelope counts as labelled `default`.
    func candidates(forLabel label: String?) -> [VaultSecret] {
        let wanted = label ?? "default"
        return secrets.filter { $0.label == wanted } + secrets.filter { $0.label != wanted }
    }

    /// The text `envelope` (vault data found at `origin`: a whole file or a `!vault` value)
    /// holds, as UTF-8.
    public func decrypt(_ envelope: String, at origin: VariableOrigin, what: String = "value") throws(InventoryError) -> String {
        if let known = decrypted.withLock({ $0[envelope] }) { return known }
        let parsed: VaultEnvelope
        do {
            parsed = try VaultEnvelope(envelope)
        } catch {
            throw InventoryError(origin: origin, message: "this vault-encrypted \(what) is not valid vault data: \(error.reason)")
        }
        guard !secrets.isEmpty else {
            throw InventoryError(origin: origin, message: "this \(what) is vault-encrypted but no vault password was given; give one with \(Self.passwordSources)")
        }
        let tried = candidates(forLabel: parsed.label)
        for secret in tried {
            let plaintext: [UInt8]
            do {
                plaintext = try VaultCipher.decrypt(parsed, password: secret.password)
            } catch .wrongPassword {
                continue
            } catch {
                throw InventoryError(origin: origin, message: "this vault-encrypted \(what) opened with \(secret) but its padding is wrong: it was not made by ansible-vault, or is damaged")
            }
            guard let text = String(validating: plaintext, as: UTF8.self) else {
                throw InventoryError(origin: origin, message: "this vault-encrypted \(what) does not decrypt to UTF-8 text")
            }
            decrypted.withLock { $0[envelope] = text }
            return text
        }
        let labelled = parsed.label.map { ", which is labelled '\($0.excerpt())'" } ?? ""
        throw InventoryError(origin: origin, message: "no vault secret could decrypt this vault-encrypted \(what)\(labelled); tried \(tried.map(\.description).joined(separator: ", ")) "
            + "(a wrong password, or the data was changed)")
    }
}
