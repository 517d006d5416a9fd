import Foundation
import Testing
@testable import IptFleetCore

/// Hostile or broken input files: each is refused quickly with its file and line, or read as
/// Ansible reads it, never crashing, hanging or exhausting memory.
struct BadInputTests {
    private func load(_ files: [String: String]) throws(InventoryError) -> LoadedInventory {
        let directory = TemporaryDirectory()
        for (path, content) in files { _ = try? directory.write(path, content) }
        return try InventoryLoader().load(sources: [directory.path + "/hosts.ini"])
    }

    /// The error `files` give, with the scratch directory cut from its file name.
    private func error(_ files: [String: String]) -> String {
        let directory = TemporaryDirectory()
        for (path, content) in files { _ = try? directory.write(path, content) }
        do {
            _ = try InventoryLoader().load(sources: [directory.path + "/hosts.ini"])
            return "no error"
        } catch {
            return error.description.replacingOccurrences(of: directory.path + "/", with: "")
        }
    }

    /// Runs `body` and checks it took less than `limit`.
    private func quickly<T>(_ limit: Duration = .seconds(2), _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { #expect(ContinuousClock.now - start < limit) }
        return try body()
    }

    // MARK: Long input in messages (F20)

    @Test func aHugeExtraVarsArgumentIsNotEchoed() {
        let argument = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        let error = #expect(throws: InventoryError.self) { try ExtraVars.parse([argument]) }
        #expect((error?.description.count ?? .max) < 300, "\(error?.description.prefix(300) ?? "")")
        #expect(error?.description.hasPrefix("-e '\(String(repeating: "[", count: 80))…':1: invalid YAML") == true, "\(error?.description.prefix(300) ?? "")")
    }
}
