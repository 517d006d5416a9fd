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

    @Test("100 concurrent sessions to one sshd all succeed")
    func hundredSessions() async throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let options = try sshd.options(keys: [sshd.makeClientKey("ed25519")])
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

    @Test("500 sequential sessions leak no sockets and no memory")
    func noLeaks() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let options = try sshd.options(keys: [sshd.makeClientKey("ed25519")])
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
