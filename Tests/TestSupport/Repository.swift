import Foundation

/// Where the tests find the repository's own files: its root and `Tests/Fixtures`. Tests read
/// nothing outside the repository (a user's clone has nothing beside it).
public enum Repository {
    /// The repository's root directory (this file is `Tests/TestSupport/Repository.swift`).
    public static let root: String = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A path inside the repository, from its root.
    public static func path(_ relative: String) -> String {
        "\(root)/\(relative)"
    }

    /// `Tests/Fixtures/NAME`.
    public static func fixture(_ name: String) -> String {
        path("Tests/Fixtures/\(name)")
    }
}
