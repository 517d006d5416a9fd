import Foundation

/// A private directory under the system temp dir, removed when the value goes away.
final class ScratchDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-fw-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `content` to `name` (mode 0600 unless given) and returns the full path.
    @discardableResult
    func write(_ name: String, _ content: String, mode: Int = 0o600) throws -> String {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try content.write(toFile: full, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
        return full
    }

    /// A new empty file opened for writing.
    func handle(_ name: String) throws -> FileHandle {
        let full = try write(name, "")
        guard let handle = FileHandle(forWritingAtPath: full) else { throw CocoaError(.fileWriteUnknown) }
        return handle
    }

    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
}
