import Foundation

/// The defaults layer (like an Ansible role's `defaults/main.yml`): the lowest-precedence
/// variables, read from a directory holding `all.yml` (or `all/`, like group_vars/all).
public enum DefaultVariables {
    /// `load(directory:warnings:)` where no one reads the warnings (tests).
    public static func load(directory: String) throws(InventoryError) -> VariableSet {
        var ignored: [String] = []
        return try load(directory: directory, warnings: &ignored)
    }

    /// The defaults; a repeated key adds a warning; a vault-encrypted file is opened with `vault`.
    public static func load(directory: String, vault: VaultKeyring = .empty, warnings: inout [String]) throws(InventoryError) -> VariableSet {
        try ResourceTrust.verify(directory: directory, what: "defaults")
        let files = VarsFileLocator.files(in: directory, named: "all")
        guard !files.isEmpty else {
            throw InventoryError(origin: VariableOrigin(file: directory, line: nil), message: "no defaults found (expected all.yml in this directory)")
        }
        var result: VariableSet = [:]
        for file in files { result.override(with: try VarsFileLoader.load(path: file, vault: vault, warnings: &warnings)) }
        return result
    }
}
