import Foundation

/// Which entries of a directory source are not inventories, as Ansible's inventory manager
/// decides: hidden names, `group_vars`, `host_vars` and `vars_plugins` always; names ending in one
/// of `extensions` (`INVENTORY_IGNORE_EXTS`); names one of `patterns` finds (regular expressions,
/// `INVENTORY_IGNORE_PATTERNS`).
public struct InventoryIgnoreRules: Sendable, Equatable {
    /// Entries never read as inventories.
    static let alwaysIgnored: Set = ["host_vars", "group_vars", "vars_plugins"]
    /// Ansible's default `INVENTORY_IGNORE_EXTS`.
    public static let defaultExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry"]

    public let extensions: [String]
    public let patterns: [String]
    private let expressions: [NSRegularExpression]

    /// Ansible's defaults: the default extensions, no patterns.
    public static let ansibleDefault = InventoryIgnoreRules(validExtensions: defaultExtensions)

    private init(validExtensions: [String]) {
        extensions = validExtensions
        patterns = []
        expressions = []
    }

    /// The rules with `extensions` and `patterns`; a pattern that is not a regular expression is
    /// an error naming it.
    public init(extensions: [String], patterns: [String]) throws(InventoryError) {
        self.extensions = extensions
        self.patterns = patterns
        var expressions: [NSRegularExpression] = []
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern) else {
                throw InventoryError(origin: nil, message: "inventory ignore pattern '\(pattern.excerpt())' is not a regular expression")
            }
            expressions.append(expression)
        }
        self.expressions = expressions
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        (lhs.extensions, lhs.patterns) == (rhs.extensions, rhs.patterns)
    }

    /// Whether a directory source skips its entry `name`.
    public func ignores(_ name: String) -> Bool {
        name.hasPrefix(".") || Self.alwaysIgnored.contains(name) || extensions.contains { !$0.isEmpty && name.hasSuffix($0) }
            || expressions.contains { $0.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
    }
}
