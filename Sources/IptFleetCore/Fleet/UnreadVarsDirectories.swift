import Foundation

/// The `group_vars/` and `host_vars/` directories of a project that iptfleet did not read (they
/// sit beside no inventory source and not beside the playbook directory): the likely home of a
/// policy that never arrived.
enum UnreadVarsDirectories {
    /// How deep below the project's directory to look, and how many directories to visit at most.
    static let maximumDepth = 4
    static let maximumVisited = 2_000

    /// Such directories under `root`, in sorted order; hidden directories are passed over.
    static func find(under root: String, read: [String]) -> [String] {
        let readPaths = Set(read.map(\.canonicalPath))
        var found: [String] = []
        var visited = 0
        func visit(_ directory: String, depth: Int) {
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for entry in entries where !entry.hasPrefix(".") {
                let path = (directory as NSString).appendingPathComponent(entry)
                var isDirectory: ObjCBool = false
                guard visited < maximumVisited, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                visited += 1
                if entry == "group_vars" || entry == "host_vars" {
                    if !readPaths.contains(directory.canonicalPath) { found.append(path) }
                } else if depth < maximumDepth {
                    visit(path, depth: depth + 1)
                }
            }
        }
        visit(root, depth: 0)
        return found
    }
}
