import Foundation
import IptFleetSSH
import Testing

/// ProxyJump: sessions tunnelled through one or more jump hosts (real sshds on loopback).
@Suite("Jump hosts", .serialized, .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct JumpHostTests {
    /// A jump sshd, a target sshd, one key authorized on both and a known_hosts with both.
    struct Pair {
        let jump: TestSSHD
        let target: TestSSHD
        let key: String
        let knownHosts: String

        init(jumpConfig: [String] = []) throws {
            jump = try TestSSHD(config: jumpConfig)
            target = try TestSSHD()
            key = try jump.makeClientKey("ed25519")
            try target.authorize(keyAt: key)
            knownHosts = try jump.writeKnownHosts([jump.knownHostsLine("ed25519"), target.knownHostsLine("ed25519")])
        }

        func options(jumpKnownHosts: String? = nil) throws -> SSHConnectionOptions {
            var options = try target.options(keys: [key], knownHostsPath: knownHosts)
            options.jumpHosts = [try jump.options(keys: [key], knownHostsPath: jumpKnownHosts ?? knownHosts)]
            return options
        }

        func stop() {
            jump.stop()
            target.stop()
        }
    }

    @Test("runs a command on the target through the jump host, and dies with the jump connection")
    func oneHop() throws {
        let pair = try Pair()
        defer { pair.stop() }
        let session = try SSHSession.open(pair.options())
        defer { session.close() }
        #expect(session.hostKey?.sha256 == (try SSHSession.open(pair.target.options(keys: [pair.key], knownHostsPath: pair.knownHosts)).hostKey?.sha256))
        let result = try session.exec("echo $SSH_CONNECTION")
        #expect(result.succeeded)
        #expect(result.stdoutText.hasSuffix(" \(pair.target.port)\n"), "\(result.stdoutText)")
        // Large output crosses the relay intact.
        let big = try session.exec("head -c 3000000 /dev/zero")
        #expect(big.stdout.count == 3_000_000 && big.stdout.allSatisfy { $0 == 0 })
        let upload = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let echoed = try session.exec("cat", stdin: upload)
        #expect(echoed.stdout == upload)
        // Kill the jump host's session processes: the tunnelled session must fail, proving its
        // bytes went through the jump host.
        pair.jump.killSessions()
        #expect(throws: SSHError.self) { try session.exec("true", timeout: .seconds(5)) }
    }

    @Test("the jump host's key is checked: unknown, it is refused with its fingerprint")
    func jumpHostKeyChecked() throws {
        let pair = try Pair()
        defer { pair.stop() }
        let onlyTarget = try pair.target.writeKnownHosts([pair.target.knownHostsLine("ed25519")], name: "only_target")
        let options = try pair.options(jumpKnownHosts: onlyTarget)
        do {
            _ = try SSHSession.open(options)
            Issue.record("connected through a jump host with an unknown key")
        } catch {
            guard case .jumpHostFailed(let jump, let target, let underlying) = error, case .hostKeyUnknown = underlying else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(jump == "127.0.0.1:\(pair.jump.port)" && target == "127.0.0.1:\(pair.target.port)")
            #expect(error.description.hasPrefix("Cannot reach 127.0.0.1:\(pair.target.port) through jump host 127.0.0.1:\(pair.jump.port): "))
            #expect(error.description.contains("SHA256:"))
        }
    }

    @Test("a target the jump host cannot reach is a tunnel failure that says so")
    func tunnelRefused() throws {
        let pair = try Pair()
        defer { pair.stop() }
        var options = try pair.options()
        options.port = try TestSSHD.freePort(address: "127.0.0.1")
        do {
            _ = try SSHSession.open(options)
            Issue.record("connected to a closed port")
        } catch {
            guard case .tunnelFailed = error else { Issue.record("unexpected error: \(error)"); return }
            #expect(error.description.hasPrefix("Jump host 127.0.0.1:\(pair.jump.port) could not open a connection to 127.0.0.1:\(options.port): "))
            #expect(error.description.contains("AllowTcpForwarding"))
        }
    }

    @Test("a jump host that forbids forwarding is a tunnel failure")
    func forwardingForbidden() throws {
        let pair = try Pair(jumpConfig: ["AllowTcpForwarding no"])
        defer { pair.stop() }
        let options = try pair.options()
        do {
            _ = try SSHSession.open(options)
            Issue.record("connected although the jump host forbids forwarding")
        } catch {
            guard case .tunnelFailed = error else { Issue.record("unexpected error: \(error)"); return }
        }
    }

    @Test("a target that accepts through the tunnel and never speaks times out within the connect deadline")
    func silentTargetTimesOut() throws {
        let pair = try Pair()
        defer { pair.stop() }
        let listener = try SilentListener()
        defer { listener.close() }
        var options = try pair.options()
        options.port = listener.port
        options.connectTimeout = .milliseconds(1500)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: SSHError.timedOut(endpoint: "127.0.0.1:\(listener.port)", operation: "SSH handshake", after: .milliseconds(1500))) {
            try SSHSession.open(options)
        }
        #expect(clock.now - start < .seconds(4))
    }

    @Test("two hops: through a first and a second jump host")
    func twoHops() throws {
        let pair = try Pair()
        defer { pair.stop() }
        let second = try TestSSHD()
        defer { second.stop() }
        try second.authorize(keyAt: pair.key)
        let knownHosts = try pair.jump.writeKnownHosts([
            pair.jump.knownHostsLine("ed25519"), second.knownHostsLine("ed25519"), pair.target.knownHostsLine("ed25519"),
        ], name: "known_hosts_3")
        var options = try pair.target.options(keys: [pair.key], knownHostsPath: knownHosts)
        options.jumpHosts = [try pair.jump.options(keys: [pair.key], knownHostsPath: knownHosts),
                             try second.options(keys: [pair.key], knownHostsPath: knownHosts)]
        let session = try SSHSession.open(options)
        defer { session.close() }
        #expect(try session.exec("echo ok").stdoutText == "ok\n")
    }

    @Test("50 sequential jumps leave no descriptor or thread behind")
    func noLeaks() throws {
        let pair = try Pair()
        defer { pair.stop() }
        let options = try pair.options()
        try SSHSession.open(options).close()
        settle(since: [])
        let before = unixSockets()
        for round in 0..<50 {
            let session = try SSHSession.open(options)
            if round == 0 { #expect(jumpThreadCount() == 1 && unixSockets().subtracting(before).count == 2) }
            #expect(try session.exec("echo \(round)").stdoutText == "\(round)\n")
            session.close()
        }
        settle(since: before)
        #expect(unixSockets().subtracting(before).isEmpty)
        #expect(jumpThreadCount() == 0)
        #expect(openSocketCount(toPort: pair.jump.port) == 0)
    }

    @Test("a failed jump leaves no descriptor or thread behind either")
    func noLeaksOnFailure() throws {
        let pair = try Pair()
        defer { pair.stop() }
        var options = try pair.options()
        options.port = try TestSSHD.freePort(address: "127.0.0.1")
        let before = unixSockets()
        for _ in 0..<10 {
            #expect(throws: SSHError.self) { try SSHSession.open(options) }
        }
        settle(since: before)
        #expect(unixSockets().subtracting(before).isEmpty)
        #expect(jumpThreadCount() == 0)
        #expect(openSocketCount(toPort: pair.jump.port) == 0)
    }

    /// Waits (at most 3 s) until the relay threads of closed sessions have exited (closing a
    /// session waits for its relay to finish; the thread itself ends a moment later) and the
    /// socket pairs made since `before` are closed.
    private func settle(since before: Set<String>) {
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, jumpThreadCount() > 0 || !unixSockets().subtracting(before).isEmpty {
            usleep(20_000)
        }
    }
}

/// This process's relay threads (named `iptfleet jump`).
private func jumpThreadCount() -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { procFile("/proc/self/task/\($0)/comm").hasPrefix("iptfleet jump") }.count
}
