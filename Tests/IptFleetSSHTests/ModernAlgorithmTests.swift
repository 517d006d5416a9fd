import Foundation
import IptFleetSSH
import Testing
import TestSupport

/// The keys and servers users have (issue 18): RSA user keys, which OpenSSH 8.8 and later accept
/// only with rsa-sha2-256/512 signatures (RFC 8332), through every path that takes a key, and
/// servers hardened to AES-GCM ciphers, encrypt-then-MAC MACs or an RSA host key only. Each of
/// these fails with libssh2 1.10 (ssh-rsa signatures only, no AES-GCM, no -etm MACs, RSA host
/// keys only as ssh-rsa) and works with libssh2 1.11. Docs/ssh.md has the measured table.
@Suite("Modern algorithms (libssh2 1.11)", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct ModernAlgorithmTests {
    /// sshd_config restricting user keys to the rsa-sha2 algorithms (and ed25519 for the agent
    /// test's second key); the empty list is OpenSSH's default, which has no ssh-rsa either.
    static let rsaServers: [[String]] = [
        [],
        ["PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256"],
        ["PubkeyAcceptedAlgorithms rsa-sha2-256"],
    ]

    @Test("an RSA key file signs with rsa-sha2 as server-sig-algs allow", arguments: rsaServers)
    func rsaKeyFile(config: [String]) throws {
        let sshd = try TestSSHD(config: config)
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("rsa")
        let session = try SSHSession.open(sshd.options(keys: [key]))
        #expect(session.authenticatedWith == "publickey (\(key))")
        #expect(try session.exec("echo rsa").stdoutText == "rsa\n")
        session.close()
        #expect(sshd.log.contains("Accepted publickey for root"), "\(sshd.log)")
    }

    @Test("an encrypted RSA key with its passphrase", arguments: rsaServers.prefix(2))
    func encryptedRSAKey(config: [String]) throws {
        let sshd = try TestSSHD(config: config)
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("rsa", passphrase: "rsa passphrase 18")
        var options = try sshd.options(keys: [key])
        options.passphraseProvider = PassphraseProvider { _ in SSHSecret("rsa passphrase 18") }
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "publickey (\(key))")
        session.close()
    }

    @Test("an RSA key in ssh-agent", arguments: rsaServers.prefix(2))
    func rsaKeyInAgent(config: [String]) throws {
        let sshd = try TestSSHD(config: config)
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("rsa")
        let agent = try TestAgent(in: sshd.directory, keys: [key])
        defer { agent.stop() }
        var options = try sshd.options()
        options.agentSocketPath = agent.socketPath
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "publickey (ssh-agent)")
        #expect(try session.exec("echo agent").stdoutText == "agent\n")
        session.close()
    }

    /// Hardened servers: only AES-GCM, only chacha20-poly1305 (new in libssh2 1.11.1), or only encrypt-then-MAC MACs (with CTR ciphers, so the
    /// MAC is really used: GCM brings its own), or both cipher families with -etm MACs.
    static let hardenedServers: [[String]] = [
        ["Ciphers aes256-gcm@openssh.com,aes128-gcm@openssh.com"],
        ["Ciphers chacha20-poly1305@openssh.com"],
        ["Ciphers aes256-ctr,aes128-ctr", "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com"],
        ["Ciphers aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr",
         "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com",
         "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org",
         "PubkeyAcceptedAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256"],
    ]

    @Test("a hardened server: AES-GCM only, chacha20-poly1305 only, -etm MACs only", arguments: hardenedServers)
    func hardenedServer(config: [String]) throws {
        let sshd = try TestSSHD(config: config)
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let session = try SSHSession.open(sshd.options(keys: [key]))
        // Enough data both ways that every packet goes through the negotiated cipher and MAC.
        let payload = String(repeating: "0123456789abcdef", count: 8192)
        try session.upload(Data(payload.utf8), to: sshd.directory.file("payload"), mode: 0o600)
        let digest = try sha256Hex(payload)
        #expect(try session.exec("sha256sum < \(sshd.directory.file("payload"))").stdoutText.hasPrefix(digest))
        session.close()
    }

    @Test("an RSA-only host key is verified against known_hosts (rsa-sha2 host-key signature)")
    func rsaHostKey() throws {
        let sshd = try TestSSHD(hostKeyTypes: ["rsa"])
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let knownHosts = try sshd.writeKnownHosts([sshd.knownHostsLine("rsa")])
        let session = try SSHSession.open(sshd.options(keys: [key], knownHostsPath: knownHosts))
        #expect(try session.exec("echo host").stdoutText == "host\n")
        session.close()

        // A different RSA key under the same name is still a changed host key, not accepted.
        let other = try TestSSHD(hostKeyTypes: ["rsa"])
        defer { other.stop() }
        let forged = try sshd.writeKnownHosts([other.knownHostsLine("rsa", name: sshd.knownHostsName)], name: "forged_known_hosts")
        let forgedOptions = try sshd.options(keys: [key], knownHostsPath: forged)
        do {
            _ = try SSHSession.open(forgedOptions)
            Issue.record("connected although known_hosts holds another RSA key")
        } catch {
            guard case .hostKeyChanged = error else { Issue.record("unexpected error: \(error)"); return }
        }
    }

    private func sha256Hex(_ text: String) throws -> String {
        let result = try ProcessRunner.check(["/usr/bin/sha256sum", "-"], input: text)
        return String(result.prefix(64))
    }
}
