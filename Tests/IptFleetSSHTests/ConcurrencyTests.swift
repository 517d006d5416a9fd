import Foundation
import IptFleetSSH
import Testing

@Suite("Threads and resources", .serialized, .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct ConcurrencyTests {
    @Test("runOnThreads keeps input order and runs at most `count` bodies at once")
    func poolOrderAndBound() {
        let tracker = ConcurrencyTracker()
        let results = runOnThreads(count: 3, items: Array(0..<12)) { item -> Int in
            tracker.enter()
            usleep(30_000)
            tracker.leave()
            return item * item
        }
        #expect(results == (0..<12).map { $0 * $0 })
        #expect(tracker.peak == 3)
    }

    /// As the plain /bin/sh test account: root's shell start-up files here (pyenv init) stalled
    /// commands past their 60 s deadline when the whole suite loaded the machine.
    @Test("100 concurrent sessions to one sshd all succeed",
          .enabled(if: TestUser.isReady, "needs root to create the local test account (a plain /bin/sh user)"))
    func hundredSessions() async throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let options = try sshd.testUserOptions(key: sshd.makeClientKey("ed25519"))
        let outputs = await runOnThreads(count: 100, items: Array(0..<100)) { index -> String in
            do {
                let session = try SSHSession.open(options)
                defer { session.close() }
                return try session.exec("echo \(index)").stdoutText
            } catch {
                return "error: \(error)"
            }
        }
        #expect(outputs == (0..<100).map { "\($0)\n" })
    }

    /// As the plain /bin/sh test account, like the test above.
    @Test("500 sequential sessions leak no sockets and no memory",
          .enabled(if: TestUser.isReady, "needs root to create the local test account (a plain /bin/sh user)"))
    func noLeaks() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let options = try sshd.testUserOptions(key: sshd.makeClientKey("ed25519"))
        func oneSession() throws {
            let session = try SSHSession.open(options)
            _ = try session.exec("true")
            session.close()
        }
        for _ in 0..<50 { try oneSession() }  // warm-up: allocator arenas, lazy globals
        let socketsBefore = openSocketCount(toPort: sshd.port)
        let rssBefore = residentSetKiB()
        for _ in 0..<500 { try oneSession() }
        let rssAfter = residentSetKiB()
        #expect(socketsBefore == 0)
        #expect(openSocketCount(toPort: sshd.port) == 0)
        // A leaked libssh2 1.10 session holds at least its packet buffers (16 KiB + 35,000 bytes):
        // 500 of them, about 25 MB, exceed this bound, which leaves room for other test suites
        // allocating meanwhile.
        #expect(rssAfter - rssBefore < 16 * 1024, "RSS grew from \(rssBefore) KiB to \(rssAfter) KiB")
    }
}

/// Counts how many callers are inside `enter`/`leave` at once.
private final class ConcurrencyTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peak = 0

    func enter() {
        lock.withLock {
            current += 1
            peak = max(peak, current)
        }
    }

    func leave() {
        lock.withLock { current -= 1 }
    }
}

/// This process's resident set size, from /proc/self/status.
private func residentSetKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ")[1]) ?? 0
}

@Suite("Command output that ends in one burst", .serialized, .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason),
       .enabled(if: TestUser.isReady, "needs root to create the local test account (a plain /bin/sh user: no shell start-up files that slow every command)"))
struct OutputBurstTests {
    /// A command whose last stdout bytes, EOF, exit status and close can reach the client while
    /// it reads the other stream: libssh2 then queues them all, and a client that waits on the
    /// socket instead of reading its queue hangs until the command's deadline.
    @Test("2,000 commands writing to both streams on 40 threads all finish, none waits for its deadline")
    func burstsOnBothStreams() async throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        var tenSeconds = try sshd.testUserOptions(key: sshd.makeClientKey("ed25519"))
        tenSeconds.commandTimeout = .seconds(10)
        let options = tenSeconds
        let failures = await runOnThreads(count: 40, items: Array(0..<40)) { thread -> [String] in
            var failures: [String] = []
            do {
                let session = try SSHSession.open(options)
                defer { session.close() }
                for index in 0..<50 {
                    let result = try session.exec("printf 'o%.0s' 1 2 3; printf e >&2; printf \(thread)-\(index)")
                    if result.stdoutText != "ooo\(thread)-\(index)" || result.stderrText != "e" {
                        failures.append("\(thread)-\(index): \(result.stdoutText) / \(result.stderrText)")
                    }
                }
            } catch {
                failures.append("\(thread): \(error)")
            }
            return failures
        }
        #expect(failures.flatMap { $0 } == [])
    }
}
