import Foundation

/// A fresh directory under the system temp dir (`mkdtemp`), removed with everything in it when released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/iptfleet-ssh-test.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSetupError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// A test's environment could not be prepared (not a failure of the code under test).
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
