import Foundation

/// A file that may be vault-encrypted as a whole (`ansible-vault encrypt`): a vars file, an
/// extra-vars file, an inventory. Ansible's loader decrypts such a file when it reads it, so a
/// file no password opens stops the run even when its variables would not be used.
enum VaultFile {
    /// The text of `path`, decrypted with `vault` when it is vault data, and whether it was.
    static func read(_ path: String, vault: VaultKeyring) throws(InventoryError) -> (text: String, decrypted: Bool) {
        let text = try InputFile.read(path)
        guard VaultEnvelope.isVault(text) else { return (text, false) }
        return (try vault.decrypt(text, at: VariableOrigin(file: path, line: 1), what: "file"), true)
    }

    /// `parse` of decrypted text from `path`: an error keeps its file and line but not its
    /// message, which could quote the secret text.
    static func withholdingErrors<Parsed>(in path: String, _ parse: () throws(InventoryError) -> Parsed) throws(InventoryError) -> Parsed {
        do {
            return try parse()
        } catch {
            throw InventoryError(origin: error.origin ?? VariableOrigin(file: path, line: nil),
                                 message: "the decrypted vault file is not valid here (the message is withheld because it could quote the secret text; see it with 'ansible-vault view \(path)')")
        }
    }

    /// Whether the file at `path` is a regular file that starts as vault data does (it may
    /// still be damaged). Anything else is not opened (a FIFO would block).
    static func isEncrypted(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: VaultEnvelope.header.utf8.count)) ?? Data()
        return VaultEnvelope.isVault(String(decoding: start, as: UTF8.self))
    }

    /// `variables` marked as decrypted from a vault.
    static func marked(_ variables: VariableSet) -> VariableSet {
        variables.mapValues { Variable($0.value, origin: $0.origin, elementLines: $0.elementLines, isVaulted: true) }
    }
}
