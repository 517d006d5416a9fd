import Foundation
import TestSupport
import Testing

/// Docs/troubleshooting.md lists every message under a `####` heading; each one must be
/// asserted by some test, so the catalogue cannot list a message no test produces (or keep one
/// whose wording changed). `…` in a heading stands for a varying part: every literal piece of
/// six or more characters between them must occur in the test sources.
struct ErrorCatalogTests {
    static let root = URL(fileURLWithPath: Repository.root)

    /// The message headings of the catalogue, without their backticks.
    static func catalogue() throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("Docs/troubleshooting.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("#### `"), line.hasSuffix("`") else { return nil }
            return line.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "` "))
        }
    }

    /// Every Swift test source except this file, with Swift's escapes of `"` and `\` undone
    /// so that literals compare with the text users see.
    static func testSources() throws -> String {
        let tests = root.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "ErrorCatalogTests.swift" } ?? []
        return try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
            .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }

    @Test func everyCataloguedMessageIsAssertedByATest() throws {
        let messages = try Self.catalogue()
        #expect(messages.count >= 70, "the catalogue lost its headings: \(messages.count)")
        let sources = try Self.testSources()
        var unasserted: [String] = []
        for message in messages {
            let pieces = message.components(separatedBy: "…").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 6 }
            #expect(!pieces.isEmpty, "'\(message)' has no literal text to look for")
            unasserted += pieces.filter { !sources.contains($0) }.map { "'\($0)' (from '\(message)')" }
        }
        #expect(unasserted.isEmpty, "no test asserts:\n\(unasserted.joined(separator: "\n"))")
    }
}
