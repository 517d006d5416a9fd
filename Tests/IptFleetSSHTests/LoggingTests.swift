import Foundation
import IptFleetSSH
import Logging
import Testing

/// Collects every log record a session writes, at trace level (what `-vvv` shows).
private final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in CapturingHandler(log: self) }
    }

    private struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.append("\(event.level) \(metadata.merging(event.metadata ?? [:]) { $1 }) \(event.message)")
        }
    }
}

@Suite("Logging: remote commands at trace, payloads shortened, secrets never", .serialized,
       .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo"), "needs /usr/bin/sudo (Debian package sudo)"),
       .enabled(if: TestUser.isReady, "needs root to create the local test user"))
struct LoggingTests {
    @Test func traceShowsCommandsAndOutputButNoPasswordPassphraseOrPayload() throws {
        let sudoers = try TestUser.grantSudoWithPassword(file: "iptfleet-test-logging")
        defer { try? FileManager.default.removeItem(atPath: sudoers) }
        let sshd = try TestSSHD(config: ["PasswordAuthentication yes"])
        defer { sshd.stop() }
        let log = CapturedLog()
        let passphrase = "log-passphrase-Zr81"

        // An encrypted key (not authorized for the test user: tried, then the password wins).
        let key = try sshd.makeClientKey("ed25519", passphrase: passphrase, authorize: false)
        var options = try sshd.options(user: TestUser.name, keys: [key])
        options.passphraseProvider = PassphraseProvider { _ in SSHSecret(passphrase) }
        options.password = SSHSecret(TestUser.password)
        options.become = BecomeOptions(password: SSHSecret(TestUser.password))
        options.logger = log.logger
        let session = try SSHSession.open(options)
        defer { session.close() }
        #expect(session.authenticatedWith == "password")

        let payload = Data((0..<3000).map { UInt8($0 % 251) }).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let result = try session.exec("id -u; base64 -d | wc -c", stdin: Data((payload + "\n").utf8))
        #expect(result.stdoutText == "0\n3000\n")
        try session.upload(Data("uploaded\n".utf8), to: "/tmp/iptfleet-logging-test-\(getpid())", mode: 0o600)
        _ = try session.exec("rm -f /tmp/iptfleet-logging-test-\(getpid())")

        let text = log.text
        #expect(text.contains("exec (sudo -u root): id -u; base64 -d | wc -c"), "\(text)")
        #expect(text.contains("<base64: \(payload.filter { $0 != "\n" }.count) characters>"), "\(text)")
        #expect(text.contains("stdout: 0\n3000"), "\(text)")
        #expect(text.contains("logged in as \(TestUser.name) by password"), "\(text)")
        #expect(text.contains("host key ssh-ed25519 SHA256:") || text.contains("host key ecdsa"), "\(text)")
        #expect(!text.contains(payload.prefix(76)), "the payload itself must not be logged")
        for secret in [TestUser.password, passphrase] {
            #expect(!text.contains(secret), "a secret reached the log: \(text)")
        }
    }
}
