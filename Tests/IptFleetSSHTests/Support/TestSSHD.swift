import Foundation
import IptFleetSSH
import Testing
import TestSupport

/// A real OpenSSH `sshd` on a loopback address and a free port, with its own host keys, config,
/// authorized_keys and log in a temporary directory. Stopped (with every process it started)
/// by `stop()` or when released.
final class TestSSHD: @unchecked Sendable {
    /// True when this process may start sshd (root, Debian's openssh-server installed).
    static let isAvailable = getuid() == 0
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
    static let unavailableReason: Comment = "needs root and /usr/sbin/sshd + ssh-keygen (Debian openssh-server, openssh-client)"

    let directory: TemporaryDirectory
    let address: String
    private(set) var port = 0
    private var process: ChildProcess?

    /// - Parameters:
    ///   - config: extra sshd_config lines (they win over the defaults below, sshd takes the first value).
    ///   - address: `127.0.0.1` or `::1`.
    ///   - hostKeyTypes: host keys to generate and serve (`ed25519`, `ecdsa`, `rsa`).
    init(config: [String] = [], address: String = "127.0.0.1", hostKeyTypes: [String] = ["ed25519", "ecdsa"]) throws {
        directory = TemporaryDirectory()
        self.address = address
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        for type in hostKeyTypes {
            try ProcessRunner.check(["/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-f", directory.file("ssh_host_\(type)_key")])
        }
        _ = FileManager.default.createFile(atPath: directory.file("authorized_keys"), contents: Data())
        let baseConfig = config + hostKeyTypes.map { "HostKey \(directory.file("ssh_host_\($0)_key"))" } + [
            "ListenAddress \(address)",
            "PidFile none",
            "AuthorizedKeysFile \(directory.file("authorized_keys"))",
            "StrictModes no",
            "PermitRootLogin yes",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "MaxStartups 300",
            "MaxSessions 100",
            "MaxAuthTries 20",
            "LogLevel VERBOSE",
        ]
        for _ in 0..<5 {
            port = try Self.freePort(address: address)
            try (["Port \(port)"] + baseConfig).joined(separator: "\n").write(toFile: directory.file("sshd_config"), atomically: true, encoding: .utf8)
            if try start() { return }
        }
        throw TestSetupError("sshd did not start: \(log)")
    }

    deinit {
        stop()
    }

    /// The sshd log so far (for failure messages).
    var log: String {
        (try? String(contentsOfFile: directory.file("sshd.log"), encoding: .utf8)) ?? ""
    }

    /// Stops sshd and all its session processes, by PID.
    func stop() {
        guard let process else { return }
        killProcessTree(process.pid, signal: SIGKILL)
        process.wait()
        self.process = nil
    }

    /// Kills every session process of this sshd but leaves the listener running.
    func killSessions() {
        guard let process else { return }
        let pid = process.pid
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry), child != pid,
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == pid { killProcessTree(child, signal: SIGKILL) }
        }
    }

    /// The public host key line `type base64` of one of the generated host keys.
    func hostPublicKey(_ type: String) throws -> (algorithm: String, base64: String) {
        let fields = try String(contentsOfFile: directory.file("ssh_host_\(type)_key.pub"), encoding: .utf8).split(separator: " ")
        return (String(fields[0]), String(fields[1]))
    }

    /// The name this server has in known_hosts: `[address]:port`.
    var knownHostsName: String { "[\(address)]:\(port)" }

    /// A known_hosts line for the host key of `type`.
    func knownHostsLine(_ type: String, name: String? = nil) throws -> String {
        let key = try hostPublicKey(type)
        return "\(name ?? knownHostsName) \(key.algorithm) \(key.base64)"
    }

    /// Generates a client key pair in the test directory and returns the private key path.
    func makeClientKey(_ type: String, name: String? = nil, passphrase: String = "", authorize: Bool = true) throws -> String {
        let path = directory.file(name ?? "id_\(type)")
        var arguments = ["-q", "-t", type, "-N", passphrase, "-f", path]
        if type == "rsa" { arguments += ["-b", "2048"] }
        try ProcessRunner.check(["/usr/bin/ssh-keygen"] + arguments)
        if authorize { try self.authorize(keyAt: path) }
        return path
    }

    /// Adds the public half (`path.pub`) of a client key to this server's authorized_keys.
    func authorize(keyAt path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("authorized_keys")))
        try handle.seekToEnd()
        try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: path + ".pub")))
        try handle.close()
    }

    /// Writes a known_hosts file with the given lines (by default the ed25519 host key) and returns its path.
    func writeKnownHosts(_ lines: [String]? = nil, name: String = "known_hosts") throws -> String {
        let path = directory.file(name)
        let content = try lines ?? [knownHostsLine("ed25519")]
        try (content.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Options for this server: no agent, no default keys, home directory inside the test directory.
    func options(user: String = "root", keys: [String] = [], knownHostsPath: String? = nil) throws -> SSHConnectionOptions {
        SSHConnectionOptions(
            host: address, port: port, user: user,
            connectTimeout: .seconds(10), operationTimeout: .seconds(20), commandTimeout: .seconds(60),
            knownHostsPath: try knownHostsPath ?? writeKnownHosts(),
            identityFiles: keys, useDefaultIdentityFiles: false,
            agentSocketPath: nil, homeDirectory: directory.path)
    }

    /// Options to log in as the plain /bin/sh test account (`TestUser`) with `key`: no shell
    /// start-up files (root's run pyenv init here, which stalls sessions under load). sshd reads
    /// authorized_keys as the user logging in, so the directory and file become readable to it.
    func testUserOptions(key: String) throws -> SSHConnectionOptions {
        chmod(directory.path, 0o711)
        chmod(directory.file("authorized_keys"), 0o644)
        return try options(user: TestUser.name, keys: [key])
    }

    private func start() throws -> Bool {
        try? FileManager.default.removeItem(atPath: directory.file("sshd.log"))
        let process = try ChildProcess("/usr/sbin/sshd", ["-D", "-f", directory.file("sshd_config"), "-E", directory.file("sshd.log")])
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if log.contains("Server listening on") { return true }
            if !process.isRunning { break }
            usleep(10_000)
        }
        stop()
        if log.contains("Address already in use") { return false }
        throw TestSetupError("sshd did not start: \(log)")
    }

    /// A port the kernel just handed out for `address` (free unless another process races for it).
    static func freePort(address: String) throws -> Int {
        let isIPv6 = address.contains(":")
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket failed") }
        defer { close(fd) }
        if isIPv6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_addr = in6addr_loopback
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            try withUnsafeMutablePointer(to: &sa) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    guard bind(fd, $0, length) == 0, getsockname(fd, $0, &length) == 0 else { throw TestSetupError("bind failed") }
                }
            }
            return Int(UInt16(bigEndian: sa.sin6_port))
        }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_addr.s_addr = inet_addr(address)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &sa) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(fd, $0, length) == 0, getsockname(fd, $0, &length) == 0 else { throw TestSetupError("bind failed") }
            }
        }
        return Int(UInt16(bigEndian: sa.sin_port))
    }
}
