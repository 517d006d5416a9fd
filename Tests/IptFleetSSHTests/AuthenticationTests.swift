import Foundation
import IptFleetSSH
import Testing

@Suite("Authentication", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct AuthenticationTests {
    @Test("key files: ed25519, ecdsa", arguments: ["ed25519", "ecdsa"])
    func keyFile(type: String) throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey(type)
        let session = try SSHSession.open(sshd.options(keys: [key]))
        #expect(session.authenticatedWith == "publickey (\(key))")
        session.close()
    }

    @Test("the default key ~/.ssh/id_ed25519 is found in the home directory")
    func defaultKey() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        try FileManager.default.createDirectory(atPath: sshd.directory.file(".ssh"), withIntermediateDirectories: true)
        let key = try sshd.makeClientKey("ed25519", name: ".ssh/id_ed25519")
        var options = try sshd.options()
        options.useDefaultIdentityFiles = true
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "publickey (\(key))")
        session.close()
    }

    @Test("an encrypted key with its passphrase from the environment-style provider")
    func encryptedKey() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let passphrase = "correct horse battery"
        let key = try sshd.makeClientKey("ed25519", passphrase: passphrase)
        var options = try sshd.options(keys: [key])
        options.passphraseProvider = PassphraseProvider { _ in SSHSecret(passphrase) }
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "publickey (\(key))")
        session.close()
    }

    @Test("an encrypted key without or with a wrong passphrase fails and says so, without the secret")
    func encryptedKeyFailures() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519", passphrase: "the right one")
        var options = try sshd.options(keys: [key])
        #expect(throws: SSHError.authenticationFailed(
            user: "root", endpoint: "127.0.0.1:\(sshd.port)", offered: ["publickey"],
            tried: ["key \(key) (encrypted, no passphrase given)"], hint: nil)) {
            _ = try SSHSession.open(options)
        }
        options.passphraseProvider = PassphraseProvider { _ in SSHSecret("a-wrong-passphrase") }
        do {
            _ = try SSHSession.open(options)
            Issue.record("authenticated with a wrong passphrase")
        } catch {
            #expect(error.description.contains("cannot decrypt: wrong passphrase?"))
            #expect(!error.description.contains("a-wrong-passphrase"))
        }
    }

    @Test("a key the server does not know fails, naming what was offered and tried")
    func wrongKey() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519", authorize: false)
        #expect(throws: SSHError.authenticationFailed(
            user: "root", endpoint: "127.0.0.1:\(sshd.port)", offered: ["publickey"],
            tried: ["key \(key) (ssh-ed25519 rejected by the server)"], hint: nil)) {
            _ = try SSHSession.open(sshd.options(keys: [key]))
        }
    }

    @Test("a key file group or others may read or write is refused, as OpenSSH refuses it",
          arguments: [0o644, 0o640, 0o604, 0o620, 0o666])
    func unprotectedKey(mode: Int) throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: key)
        let shown = "0" + String(mode, radix: 8)
        #expect(throws: SSHError.authenticationFailed(
            user: "root", endpoint: "127.0.0.1:\(sshd.port)", offered: ["publickey"],
            tried: ["key \(key) (UNPROTECTED PRIVATE KEY FILE: permissions \(shown) are too open; chmod 600 \(key))"], hint: nil)) {
            _ = try SSHSession.open(sshd.options(keys: [key]))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: key)
        let session = try SSHSession.open(sshd.options(keys: [key]))
        #expect(session.authenticatedWith == "publickey (\(key))")
        session.close()
    }

    @Test("ssh-agent, at a socket passed explicitly, is tried first")
    func agent() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let agent = try TestAgent(in: sshd.directory, keys: [key])
        defer { agent.stop() }
        var options = try sshd.options()
        options.agentSocketPath = agent.socketPath
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "publickey (ssh-agent)")
        #expect(try session.exec("echo agent").stdoutText == "agent\n")
        session.close()
    }

    @Test("password, and a wrong password that never shows up in the error",
          .enabled(if: TestUser.isReady, "needs root to create the local test user"))
    func password() throws {
        let sshd = try TestSSHD(config: ["PasswordAuthentication yes"])
        defer { sshd.stop() }
        var options = try sshd.options(user: TestUser.name)
        options.password = SSHSecret(TestUser.password)
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "password")
        #expect(try session.exec("id -un").stdoutText == TestUser.name + "\n")
        session.close()

        options.password = SSHSecret("not-the-password-42")
        do {
            _ = try SSHSession.open(options)
            Issue.record("authenticated with a wrong password")
        } catch {
            guard case .authenticationFailed(_, _, let offered, let tried, _) = error else { Issue.record("unexpected error: \(error)"); return }
            #expect(offered.contains("password"))
            #expect(tried == ["password (rejected)"])
            #expect(!error.description.contains("not-the-password-42"))
            #expect(!String(reflecting: options).contains("not-the-password-42"))
        }
    }

    @Test("keyboard-interactive (PAM)", .enabled(if: TestUser.isReady, "needs root to create the local test user"))
    func keyboardInteractive() throws {
        let sshd = try TestSSHD(config: ["UsePAM yes", "KbdInteractiveAuthentication yes"])
        defer { sshd.stop() }
        var options = try sshd.options(user: TestUser.name)
        options.password = SSHSecret(TestUser.password)
        let session = try SSHSession.open(options)
        #expect(session.authenticatedWith == "keyboard-interactive")
        #expect(try session.exec("id -un").stdoutText == TestUser.name + "\n")
        session.close()
    }
}
