import Foundation

/// The defaults layer (like an Ansible role's `defaults/main.yml`): the lowest-precedence
/// variables, read from a directory holding `all.yml` (or `all/`, like group_vars/all).
public enum DefaultVariables {
    public static func load(directory: String) throws(InventoryError) -> VariableSet {
        try ResourceTrust.verify(directory: directory, what: "defaults")
        let files = VarsFileLocator.files(in: directory, named: "all")
        guard !files.isEmpty else {
            throw InventoryError(origin: VariableOrigin(file: directory, line: nil), message: "no defaults found (expected all.yml in this directory)")
        }
        var result: VariableSet = [:]
        for file in files { result.override(with: try VarsFileLoader.parse(try InputFile.read(file), path: file)) }
        return result
    }
}
