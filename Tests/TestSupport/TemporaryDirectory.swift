import Foundation

/// A fresh private directory (mode 0700, `mkdtemp`) under the system temp dir, removed with
/// everything in it when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("iptfleet-test.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The full path of `relativePath` inside the directory.
    public func file(_ relativePath: String) -> String { (path as NSString).appendingPathComponent(relativePath) }

    /// Writes `content` at `relativePath`, creating directories, with `mode` when given; returns
    /// the full path.
    @discardableResult
    public func write(_ relativePath: String, _ content: String, mode: Int? = nil) throws -> String {
        let full = file(relativePath)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.write(toFile: full, atomically: true, encoding: .utf8)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full) }
        return full
    }

    /// The text of `relativePath`, or "" when it cannot be read.
    public func read(_ relativePath: String) -> String { (try? String(contentsOfFile: file(relativePath), encoding: .utf8)) ?? "" }
}

/// A test's environment could not be prepared (not a failure of the code under test).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
