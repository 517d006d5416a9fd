import Foundation

/// Runs a program to completion and returns its exit status and combined output.
@discardableResult
func run(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let scratch = try TemporaryDirectory()
    let inputPath = scratch.file("input")
    try (input ?? "").write(toFile: inputPath, atomically: false, encoding: .utf8)
    let child = try ChildProcess(executable, arguments, inputPath: inputPath, outputPath: scratch.file("output"), environment: environment)
    let status = child.wait()
    return (status, (try? String(contentsOfFile: scratch.file("output"), encoding: .utf8)) ?? "")
}

/// Runs a program and throws when it fails.
@discardableResult
func runChecked(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws -> String {
    let (status, output) = try run(executable, arguments, input: input, environment: environment)
    guard status == 0 else {
        throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) exited with \(status): \(output)")
    }
    return output
}

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
