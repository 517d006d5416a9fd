import Foundation
import Glibc
import IptFleetSSH
import Testing

/// Failures before login that the other connection tests do not reach: a peer that is not an
/// SSH server, and a known_hosts path that cannot be read.
struct ConnectionFailureTests {
    @Test("a listener that answers like a web server and hangs up fails the handshake")
    func notAnSSHServer() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let socket = listener.fd
        let answered = Thread {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            let reply = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
            _ = reply.withCString { write(client, $0, strlen($0)) }
            _ = Glibc.close(client)
        }
        answered.start()
        let session = SSHSession(options: SSHConnectionOptions(host: "127.0.0.1", port: listener.port, user: "root",
                                                               connectTimeout: .seconds(5), agentSocketPath: nil))
        do {
            try session.connect()
            Issue.record("connected to an HTTP listener")
        } catch {
            guard case .handshakeFailed(let endpoint, _) = error else { Issue.record("unexpected error: \(error)"); return }
            #expect(endpoint == "127.0.0.1:\(listener.port)")
            #expect(error.description.hasPrefix("SSH handshake with 127.0.0.1:\(listener.port) failed: "))
            #expect(error.description.hasSuffix(". Is an SSH server listening there?"))
        }
    }

    @Test("a known_hosts path that is a directory is reported with its path",
          .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
    func unreadableKnownHosts() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-kh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = SSHSession(options: try sshd.options(knownHostsPath: directory))
        do {
            try session.connect()
            Issue.record("connected with a directory as known_hosts")
        } catch {
            guard case .knownHostsFileFailed(let path, _) = error else { Issue.record("unexpected error: \(error)"); return }
            #expect(path == directory)
            #expect(error.description.hasPrefix("Cannot use known_hosts file \(directory): "))
        }
    }
}
