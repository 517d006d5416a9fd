import Foundation
import IptFleetSSH
import Testing

/// sudo is needed on the test machine (Debian package `sudo`).
private let sudoAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo")

@Suite("Become through sudo", .serialized,
       .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason),
       .enabled(if: sudoAvailable, "needs /usr/bin/sudo (Debian package sudo)"),
       .enabled(if: TestUser.isReady, "needs root to create the local test user"))
struct BecomeTests {
    @Test("root becomes root with sudo -n; stdin reaches the command, the marker does not reach stdout")
    func sudoWithoutPassword() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        var options = try sshd.options(keys: [sshd.makeClientKey("ed25519")])
        options.become = BecomeOptions()
        let session = try SSHSession.open(options)
        defer { session.close() }
        #expect(try session.exec("id -u").stdoutText == "0\n")
        #expect(try session.exec("cat", stdin: Data("through sudo\n".utf8)).stdoutText == "through sudo\n")
        #expect(try session.exec("id -un", become: false).stdoutText == "root\n")
    }

    @Test("a user whose sudo wants a password: clear error without one; works with -S; wrong password refused")
    func sudoWithPassword() throws {
        let sudoers = try TestUser.grantSudoWithPassword(file: "iptfleet-test")
        defer { try? FileManager.default.removeItem(atPath: sudoers) }
        let sshd = try TestSSHD(config: ["PasswordAuthentication yes"])
        defer { sshd.stop() }
        var options = try sshd.options(user: TestUser.name)
        options.password = SSHSecret(TestUser.password)
        options.become = BecomeOptions()
        let endpoint = "127.0.0.1:\(sshd.port)"

        let withoutPassword = try SSHSession.open(options)
        #expect(throws: SSHError.becomePasswordRequired(endpoint: endpoint, user: "root")) { try withoutPassword.exec("id -u") }
        withoutPassword.close()

        options.become = BecomeOptions(password: SSHSecret(TestUser.password))
        let withPassword = try SSHSession.open(options)
        let result = try withPassword.exec("id -u; cat", stdin: Data("payload\n".utf8))
        #expect(result.stdoutText == "0\npayload\n")
        #expect(!result.stdoutText.contains(TestUser.password) && !result.stderrText.contains(TestUser.password))
        #expect(!result.stderrText.contains("iptfleet-sudo"))
        withPassword.close()

        options.become = BecomeOptions(password: SSHSecret("wrong-become-pw"))
        let wrongPassword = try SSHSession.open(options)
        #expect(throws: SSHError.becomeFailed(endpoint: endpoint, detail: "sudo rejected the become password")) {
            try wrongPassword.exec("id -u")
        }
        wrongPassword.close()
    }
}
