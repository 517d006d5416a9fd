import Foundation
import TestSupport

/// A network namespace created by a test (`iptf-<random>-<role>`), deleted by `remove()` or,
/// at the latest, when the value goes away.
final class NetworkNamespace {
    let name: String
    private var removed = false

    init(role: String) throws {
        let token = UUID().uuidString.prefix(8).lowercased()
        name = "iptf-\(token)-\(role)"
        try ProcessRunner.check(["ip", "netns", "add", name])
        try exec(["ip", "link", "set", "lo", "up"])
        // No duplicate address detection: links are usable at once (also their fe80:: addresses).
        try exec(["sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"])
    }

    deinit { remove() }

    func remove() {
        guard !removed else { return }
        removed = true
        _ = try? ProcessRunner.run(["ip", "netns", "del", name])
    }

    /// Runs `arguments` inside the namespace.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
             timeout: TimeInterval = 60) throws -> ProcessRunner.Result {
        try ProcessRunner.run(["ip", "netns", "exec", name] + arguments, input: input, environment: environment, timeout: timeout)
    }

    /// Runs `arguments` inside the namespace and throws unless it exits 0; returns stdout.
    @discardableResult
    func exec(_ arguments: [String], input: String? = nil) throws -> String {
        let result = try run(arguments, input: input)
        guard result.succeeded else { throw ProcessRunner.Failure.failed(result) }
        return result.stdout
    }

    /// Starts a long-running program inside the namespace; `stop()` ends it.
    func background(_ arguments: [String]) throws -> ChildProcess {
        try ProcessRunner.background(["ip", "netns", "exec", name] + arguments)
    }
}
