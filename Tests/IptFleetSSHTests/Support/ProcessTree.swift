import Foundation

/// Sends `signal` to `pid` and to every process descending from it (all started by the test).
func killProcessTree(_ pid: Int32, signal: Int32) {
    var parents: [Int32: Int32] = [:]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
        guard let child = Int32(entry),
              let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 1, let parent = Int32(fields[1]) { parents[child] = parent }
    }
    var tree: [Int32] = [pid]
    var index = 0
    while index < tree.count {
        tree += parents.filter { $0.value == tree[index] }.map(\.key)
        index += 1
    }
    for member in tree { kill(member, signal) }
}
