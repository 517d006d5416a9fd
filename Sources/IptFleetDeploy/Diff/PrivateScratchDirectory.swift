import Foundation

/// A temporary directory only this user can enter (created 0700 by `mkdtemp`), holding files
/// only this user can read (each created 0600, never through an existing file): `--diff` copies
/// a host's files and live rulesets here, which other local users must not read.
struct PrivateScratchDirectory {
    let path: String

    init(prefix: String) throws {
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path.utf8CString)
        guard let created = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        path = String(cString: created)
    }

    /// Writes `data` to a new file `name` in the directory and returns its path.
    func write(_ data: Data, named name: String) throws -> String {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).write(contentsOf: data)
        return file
    }

    /// Removes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
