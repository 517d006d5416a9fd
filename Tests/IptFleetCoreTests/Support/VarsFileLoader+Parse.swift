@testable import IptFleetCore

extension VarsFileLoader {
    /// `parse(_:path:warnings:)` for tests that do not look at warnings.
    static func parse(_ text: String, path: String) throws(InventoryError) -> VariableSet {
        var ignored: [String] = []
        return try parse(text, path: path, warnings: &ignored)
    }
}
