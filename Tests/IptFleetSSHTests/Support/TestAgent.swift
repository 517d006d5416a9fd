import Foundation
import TestSupport

/// A real `ssh-agent` on a socket in the test directory, holding the given keys. Stopped (by
/// PID) by `stop()`.
final class TestAgent {
    let socketPath: String
    private let process: ChildProcess
    private var stopped = false

    init(in directory: TemporaryDirectory, keys: [String]) throws {
        socketPath = directory.file("agent.sock")
        process = try ChildProcess("/usr/bin/ssh-agent", ["-D", "-a", socketPath])
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: socketPath) && Date() < deadline { usleep(10_000) }
        do {
            for key in keys { try ProcessRunner.check(["/usr/bin/ssh-add", key], environment: ["SSH_AUTH_SOCK": socketPath]) }
        } catch {
            stop()
            throw error
        }
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(process.pid, SIGTERM)
        process.wait()
    }
}
