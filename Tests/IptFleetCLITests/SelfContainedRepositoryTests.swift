import Foundation
import TestSupport
import Testing

/// A user's `git clone` has nothing beside it: no tracked file may read or cite a path outside
/// the repository, and every relative link of the Markdown pages must lead to a tracked file.
@Suite(.enabled(if: TrackedFiles.list != nil, "needs git and a git checkout of the repository"))
struct SelfContainedRepositoryTests {
    /// Text that only a path outside the repository (or a design note that lived there) explains.
    /// Built from pieces, so that this file does not hold the text it looks for (the same check
    /// runs outside the tests, over every tracked file).
    static let outsideReferences = ["../" + "shared", "shared" + "/fixtures", "shared" + "/reviews", "DESIGN" + ".md", "DESIGN" + " §", "/" + "work/"]

    @Test func noTrackedFileCitesAPathOutsideTheRepository() throws {
        let files = try #require(TrackedFiles.list)
        #expect(files.count > 100, "git ls-files listed only \(files.count) files")
        var offenders: [String] = []
        for file in files {
            guard let text = try? String(contentsOfFile: "\(Repository.root)/\(file)", encoding: .utf8) else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let hit = Self.outsideReferences.first(where: { line.contains($0) }) {
                    offenders.append("\(file):\(number + 1): \(hit)")
                }
            }
        }
        #expect(offenders.isEmpty, "tracked files refer to paths outside the repository:\n\(offenders.joined(separator: "\n"))")
    }

    @Test func everyRelativeMarkdownLinkLeadsToATrackedFile() throws {
        let files = try #require(TrackedFiles.list)
        let tracked = Set(files)
        let link = /\]\(([^)\s]+)\)/
        var broken: [String] = []
        var checked = 0
        for file in files where file.hasSuffix(".md") {
            let text = try String(contentsOfFile: "\(Repository.root)/\(file)", encoding: .utf8)
            let directory = URL(fileURLWithPath: "/\(file)").deletingLastPathComponent()
            for match in text.matches(of: link) {
                var target = String(match.output.1)
                if target.contains("://") || target.hasPrefix("mailto:") || target.hasPrefix("#") { continue }
                if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
                let resolved = directory.appendingPathComponent(target).standardized.path
                let relative = String(resolved.dropFirst())
                checked += 1
                let isTrackedDirectory = tracked.contains { $0.hasPrefix(relative + "/") }
                if !tracked.contains(relative), !isTrackedDirectory { broken.append("\(file): \(match.output.1)") }
            }
        }
        #expect(checked > 20, "only \(checked) relative links found: is the link pattern still right?")
        #expect(broken.isEmpty, "links that lead outside the repository or to no tracked file:\n\(broken.joined(separator: "\n"))")
    }
}

/// The files git tracks in this checkout.
enum TrackedFiles {
    /// Paths relative to the root; nil outside a git checkout or without git.
    static let list: [String]? = {
        guard let listing = try? ProcessRunner.run("/usr/bin/env", ["git", "-C", Repository.root, "ls-files", "-z"]),
              listing.status == 0 else { return nil }
        return listing.stdout.split(separator: "\0").map(String.init)
    }()
}
