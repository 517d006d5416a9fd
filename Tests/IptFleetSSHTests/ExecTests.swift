import Foundation
import IptFleetSSH
import Testing

@Suite("Running commands", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct ExecTests {
    @Test("stdout, stderr and exit status come back separately; the session runs several commands")
    func streamsAndStatus() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let result = try session.exec("echo out; echo err >&2; exit 3")
        #expect(result == CommandResult(stdout: Data("out\n".utf8), stderr: Data("err\n".utf8), exitStatus: 3, exitSignal: nil))
        #expect(!result.succeeded)
        #expect(try session.exec("echo again").stdoutText == "again\n")
    }

    @Test("stdin of 4 MiB flows through while the command writes it back")
    func stdinRoundTrip() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let payload = Data((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let result = try session.exec("cat", stdin: payload)
        #expect(result.stdout == payload)
        #expect(result.succeeded)
    }

    @Test("a command killed by a signal reports the signal (and exit status 0)")
    func exitSignal() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let result = try session.exec("kill -TERM $$")
        #expect(result.exitSignal == "TERM")
        #expect(!result.succeeded)
    }

    @Test("a remote sleep 100 hits the command timeout; the session is then closed")
    func commandTimeout() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: SSHError.commandTimedOut(endpoint: "127.0.0.1:\(sshd.port)", command: "sleep 100", after: .seconds(1))) {
            try session.exec("sleep 100", timeout: .seconds(1))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .seconds(1) && elapsed <= .milliseconds(1100), "took \(elapsed)")
        #expect(throws: SSHError.notConnected(endpoint: "127.0.0.1:\(sshd.port)")) { try session.exec("true") }
        session.close()
    }

    @Test("a command that never stops writing still hits its timeout")
    func endlessOutputTimeout() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        #expect(throws: SSHError.commandTimedOut(endpoint: "127.0.0.1:\(sshd.port)", command: "yes", after: .seconds(1))) {
            try session.exec("yes", timeout: .seconds(1))
        }
    }
}
