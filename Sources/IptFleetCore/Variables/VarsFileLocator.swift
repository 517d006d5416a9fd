import Foundation

/// Finds the vars files Ansible reads for a host or group name in a `group_vars/` or
/// `host_vars/` directory: `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json` (the first that
/// exists), or every such file under a directory `NAME/`, in lexicographic order, skipping hidden
/// files and `~` backups. A directory reached twice (through a symlink loop) is read once.
enum VarsFileLocator {
    static let extensions = [".yml", ".yaml", ".json"]

    static func files(in directory: String, named name: String) -> [String] {
        let fileManager = FileManager.default
        let base = (directory as NSString).appendingPathComponent(name)
        for candidate in [base] + extensions.map({ base + $0 }) {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory) else { continue }
            var visited = Set<DirectoryIdentity>()
            return isDirectory.boolValue ? filesInDirectory(candidate, visited: &visited) : [candidate]
        }
        return []
    }

    /// A directory as the file system knows it, whatever path leads to it.
    private struct DirectoryIdentity: Hashable {
        let device: UInt64
        let inode: UInt64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private static func filesInDirectory(_ directory: String, visited: inout Set<DirectoryIdentity>) -> [String] {
        guard let identity = DirectoryIdentity(path: directory), visited.insert(identity).inserted else { return [] }
        let fileManager = FileManager.default
        let entries = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var found: [String] = []
        for entry in entries where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
            let path = (directory as NSString).appendingPathComponent(entry)
            let ext = (entry as NSString).pathExtension
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if ext.isEmpty { found += filesInDirectory(path, visited: &visited) }
            } else if ext.isEmpty || extensions.contains("." + ext) {
                found.append(path)
            }
        }
        return found
    }

    /// Names that have vars files in `directory` (for warning about files that match nothing).
    static func names(in directory: String) -> [String: String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var names: [String: String] = [:]
        for entry in entries where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
            let ext = (entry as NSString).pathExtension
            let name = extensions.contains("." + ext) ? (entry as NSString).deletingPathExtension : entry
            names[name] = (directory as NSString).appendingPathComponent(entry)
        }
        return names
    }
}
