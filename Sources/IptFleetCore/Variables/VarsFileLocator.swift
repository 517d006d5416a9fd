import Foundation

/// Finds the vars files Ansible reads for a host or group name in a `group_vars/` or
/// `host_vars/` directory: `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json` (the first that
/// exists), or every such file under a directory `NAME/`, in lexicographic order, skipping hidden
/// files and `~` backups.
enum VarsFileLocator {
    static let extensions = [".yml", ".yaml", ".json"]

    static func files(in directory: String, named name: String) -> [String] {
        let fileManager = FileManager.default
        let base = (directory as NSString).appendingPathComponent(name)
        for candidate in [base] + extensions.map({ base + $0 }) {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory) else { continue }
            return isDirectory.boolValue ? filesInDirectory(candidate) : [candidate]
        }
        return []
    }

    private static func filesInDirectory(_ directory: String) -> [String] {
        let fileManager = FileManager.default
        let entries = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var found: [String] = []
        for entry in entries where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
            let path = (directory as NSString).appendingPathComponent(entry)
            let ext = (entry as NSString).pathExtension
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if ext.isEmpty { found += filesInDirectory(path) }
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
