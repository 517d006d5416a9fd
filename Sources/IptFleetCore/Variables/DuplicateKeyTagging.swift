import Yams

/// Composes YAML that may repeat a mapping key, as ansible-core 2.19 reads it: Yams refuses
/// any repeated key, so each earlier occurrence gets a tag of its own (`tagPrefix` and a
/// number, which makes it a different node) and the text is composed again;
/// `VarsFileLoader.Converter` then warns and lets the last occurrence win.
enum DuplicateKeyTagging {
    static let tagPrefix = "!iptfleet-duplicate-key-"
    /// Repeated keys tolerated in one file before it is refused (each costs one more parse).
    static let maximumDuplicates = 64

    /// The root node, or nil for an empty document; rethrows every other Yams error. Unless
    /// `tolerating`, a repeated key is an error naming its line (inventories: iptfleet does not
    /// yet apply "the last wins" to a group tree).
    static func compose(_ text: String, path: String, tolerating: Bool = true) throws -> Node? {
        var text = text
        for pass in 0...maximumDuplicates {
            do {
                return try Yams.compose(yaml: text, .default, .default, .utf8)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let key = duplicates.sorted().first ?? ""
                guard tolerating else {
                    throw InventoryError(origin: VariableOrigin(file: path, line: context.mark.line),
                                         message: "duplicate key '\(key.excerpt())' in an inventory; remove one of them (Ansible would warn and keep the last)")
                }
                guard let tagged = tagging(text, at: context.mark, with: tagPrefix + String(pass)) else {
                    throw InventoryError(origin: VariableOrigin(file: path, line: context.mark.line),
                                         message: "duplicate key '\(key.excerpt())' that iptfleet cannot resolve (a tagged or complex key); remove one of them")
                }
                text = tagged
            }
        }
        throw InventoryError(origin: VariableOrigin(file: path, line: nil),
                             message: "more than \(maximumDuplicates) duplicate mapping keys; remove them")
    }

    /// Whether `tag` is one that `compose` gave a repeated key.
    static func isDuplicateTag(_ tag: String) -> Bool {
        tag.hasPrefix(tagPrefix)
    }

    /// `text` with `tag` inserted before the key at `mark`, or nil when the key already
    /// carries a tag (a second tag is not YAML), is complex (`? key`) or is not in the text.
    private static func tagging(_ text: String, at mark: Mark, with tag: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        var scalars = Array(lines[mark.line - 1].unicodeScalars)
        let column = mark.column - 1
        guard column >= 0, column < scalars.count, scalars[column] != "!", scalars[column] != "?" else { return nil }
        scalars.insert(contentsOf: (tag + " ").unicodeScalars, at: column)
        var line = String.UnicodeScalarView()
        line.append(contentsOf: scalars)
        lines[mark.line - 1] = String(line)
        return lines.joined(separator: "\n")
    }
}
