/// Parses `-e/--extra-vars` arguments as Ansible does: `@file.yml`, an inline YAML/JSON mapping
/// (`{"a": 1}`), or `key=value` pairs whose values stay strings.
public enum ExtraVars {
    /// `parse(_:warnings:)` where no one reads the warnings (masking a run record, tests).
    public static func parse(_ arguments: [String]) throws(InventoryError) -> VariableSet {
        var ignored: [String] = []
        return try parse(arguments, warnings: &ignored)
    }

    /// The variables; a repeated key in a file or inline mapping adds a warning; a
    /// vault-encrypted `@file` is opened with `vault`.
    public static func parse(_ arguments: [String], vault: VaultKeyring = .empty, warnings: inout [String]) throws(InventoryError) -> VariableSet {
        var result: VariableSet = [:]
        for argument in arguments {
            if argument.hasPrefix("@") {
                result.override(with: try VarsFileLoader.load(path: String(argument.dropFirst()), vault: vault, warnings: &warnings))
            } else if argument.hasPrefix("{") || argument.hasPrefix("[") {
                result.override(with: try VarsFileLoader.parse(argument, path: "-e '\(argument.excerpt())'", warnings: &warnings))
            } else {
                result.override(with: try keyValuePairs(argument))
            }
        }
        return result
    }

    private static func keyValuePairs(_ argument: String) throws(InventoryError) -> VariableSet {
        let words: [String]
        do {
            words = try ShellWords.split(argument)
        } catch {
            throw InventoryError(origin: .commandLine, message: "cannot parse -e '\(argument.excerpt())': \(error)")
        }
        var result: VariableSet = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw InventoryError(origin: .commandLine, message: "-e expects key=value, @file or a YAML/JSON mapping, got '\(word.excerpt())'")
            }
            result[String(word[..<equals])] = Variable(.string(String(word[word.index(after: equals)...])), origin: .commandLine)
        }
        return result
    }
}
