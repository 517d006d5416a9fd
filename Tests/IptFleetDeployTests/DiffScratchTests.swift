import Foundation
@testable import IptFleetDeploy
import Testing
import TestSupport

/// `--diff` copies a host's files and live rulesets to the controller: only this user may read
/// them, from the moment they exist (a 0700 directory, 0600 files, whatever the umask).
struct DiffScratchTests {
    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func theScratchDirectoryAndItsFilesArePrivate() throws {
        let scratch = try PrivateScratchDirectory(prefix: "iptfleet-test")
        defer { scratch.remove() }
        let file = try scratch.write(Data("-A INPUT -j ACCEPT\n".utf8), named: "live")
        #expect(try mode(scratch.path) == 0o700)
        #expect(try mode(file) == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "-A INPUT -j ACCEPT\n")
        #expect(throws: (any Error).self, "a file is written once, never through an existing one") {
            _ = try scratch.write(Data(), named: "live")
        }
    }

    @Test func aDiffLeavesNoScratchBehind() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("iptfleet-diff") }
        let diff = try FileDiff.unifiedDiff(old: Data("a\n".utf8), new: Data("b\n".utf8), label: "f", oldSide: "old", newSide: "new")
        #expect(diff.contains("-a\n+b\n"), "\(diff)")
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("iptfleet-diff") }
        #expect(Set(after).isSubset(of: Set(before)))
    }
}
