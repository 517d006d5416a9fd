import Foundation
import IptFleetSSH
import Testing
import TestSupport

@Suite("Connecting", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct ConnectionTests {
    @Test("connects over IPv4, authenticates with a key and runs a command")
    func ipv4() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let session = try SSHSession.open(sshd.options(keys: [key]))
        defer { session.close() }
        #expect(session.hostKey?.keyType == "ssh-ed25519")
        #expect(session.authenticatedWith == "publickey (\(key))")
        let result = try session.exec("echo hello")
        #expect(result.stdoutText == "hello\n")
        #expect(result.succeeded)
    }

    @Test("connects over IPv6 (::1)")
    func ipv6() throws {
        let sshd = try TestSSHD(address: "::1")
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let session = try SSHSession.open(sshd.options(keys: [key]))
        defer { session.close() }
        #expect(try session.exec("echo $SSH_CONNECTION").stdoutText.hasPrefix("::1 "))
    }

    @Test("connects to a host name (localhost, from /etc/hosts)")
    func hostName() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        var options = try sshd.options(keys: [key], knownHostsPath: sshd.writeKnownHosts([sshd.knownHostsLine("ed25519", name: "[localhost]:\(sshd.port)")]))
        options.host = "localhost"
        let session = try SSHSession.open(options)
        defer { session.close() }
        #expect(try session.exec("true").succeeded)
    }

    @Test("a closed port is reported as refused")
    func refused() throws {
        let port = try TestSSHD.freePort(address: "127.0.0.1")
        let session = SSHSession(options: SSHConnectionOptions(host: "127.0.0.1", port: port, user: "root", agentSocketPath: nil))
        #expect(throws: SSHError.connectionRefused(endpoint: "127.0.0.1:\(port)")) { try session.connect() }
    }

    @Test("a host name with spaces is rejected without a DNS query")
    func invalidName() {
        let session = SSHSession(options: SSHConnectionOptions(host: "bad host", user: "root", agentSocketPath: nil))
        #expect(throws: SSHError.invalidHostName("bad host")) { try session.connect() }
    }

    @Test("a listener that accepts and never speaks times out within the connect deadline (+10 %)")
    func silentListener() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let budget = Duration.milliseconds(1500)
        let session = SSHSession(options: SSHConnectionOptions(host: "127.0.0.1", port: listener.port, user: "root", connectTimeout: budget, agentSocketPath: nil))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: SSHError.timedOut(endpoint: "127.0.0.1:\(listener.port)", operation: "SSH handshake", after: budget)) {
            try session.connect()
        }
        let elapsed = clock.now - start
        #expect(elapsed >= budget && elapsed <= budget * 1.1, "took \(elapsed)")
        session.close()
    }

    @Test("a server allowing only umac MACs fails with the libssh2 limits and the fix")
    func noCommonMAC() throws {
        let sshd = try TestSSHD(config: ["Ciphers aes256-ctr", "MACs umac-128-etm@openssh.com,umac-128@openssh.com"])
        defer { sshd.stop() }
        let session = SSHSession(options: try sshd.options())
        do {
            try session.connect()
            Issue.record("connected although no cipher is shared")
        } catch {
            guard case .noMatchingAlgorithms = error else { Issue.record("unexpected error: \(error)"); return }
            #expect(error.description.contains("(no umac)"))
            #expect(error.description.contains("MACs +hmac-sha2-256-etm@openssh.com"))
        }
    }
}

/// A TCP listener on 127.0.0.1 whose backlog completes handshakes but which never reads or writes.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw TestSetupError("cannot listen: \(String(cString: strerror(errno)))") }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
