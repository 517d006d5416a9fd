import Foundation
import IptFleetSSH
import Testing
import TestSupport

@Suite("Host-key checking", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct HostKeyTests {
    /// `SHA256:…` of a host key as `ssh-keygen -l` prints it.
    private func fingerprint(_ sshd: TestSSHD, _ type: String) throws -> String {
        let output = try ProcessRunner.check(["/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", sshd.directory.file("ssh_host_\(type)_key.pub")])
        return String(output.split(separator: " ")[1])
    }

    @Test("an unknown host is refused with its SHA256 fingerprint and how to proceed")
    func unknownHost() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let path = sshd.directory.file("empty_known_hosts")
        let session = SSHSession(options: try sshd.options(knownHostsPath: path))
        let expected = try fingerprint(sshd, "ed25519")
        #expect(throws: SSHError.hostKeyUnknown(endpoint: "127.0.0.1:\(sshd.port)", keyType: "ssh-ed25519", fingerprint: expected, knownHostsPath: path)) {
            try session.connect()
        }
        #expect(!FileManager.default.fileExists(atPath: path), "strict policy must not write known_hosts")
        let message = SSHError.hostKeyUnknown(endpoint: "e", keyType: "ssh-ed25519", fingerprint: expected, knownHostsPath: path).description
        #expect(message.contains(expected) && message.contains("accept-new"))
    }

    @Test("accept-new records an unknown key; the next strict connection accepts it")
    func acceptNew() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let path = sshd.directory.file("ssh/known_hosts")
        var options = try sshd.options(keys: [key], knownHostsPath: path)
        options.hostKeyPolicy = .acceptNew
        let first = try SSHSession.open(options)
        first.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == sshd.knownHostsLine("ed25519") + "\n")
        options.hostKeyPolicy = .strict
        let second = try SSHSession.open(options)
        #expect(second.hostKey?.sha256 == (try fingerprint(sshd, "ed25519")))
        second.close()
    }

    @Test("a changed key is refused, also under accept-new, and known_hosts stays as it was")
    func changedKey() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let other = try TestSSHD()
        defer { other.stop() }
        let path = try sshd.writeKnownHosts([other.knownHostsLine("ed25519", name: sshd.knownHostsName)])
        let before = try String(contentsOfFile: path, encoding: .utf8)
        for policy in [HostKeyPolicy.strict, .acceptNew] {
            var options = try sshd.options(knownHostsPath: path)
            options.hostKeyPolicy = policy
            do {
                try SSHSession(options: options).connect()
                Issue.record("connected despite a changed host key")
            } catch {
                guard case .hostKeyChanged(_, let name, "ssh-ed25519", let presented, _, ["ssh-ed25519"]) = error else {
                    Issue.record("unexpected error: \(error)")
                    continue
                }
                #expect(name == sshd.knownHostsName)
                #expect(presented == (try fingerprint(sshd, "ed25519")))
                #expect(error.description.contains("ssh-keygen -R '\(sshd.knownHostsName)'"))
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    }

    @Test("UserKnownHostsFile /dev/null is an empty list: strict refuses with the fingerprint, accept-new connects and writes nothing")
    func devNull() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let expected = try fingerprint(sshd, "ed25519")
        var options = try sshd.options(keys: [key], knownHostsPath: "/dev/null")
        #expect(throws: SSHError.hostKeyUnknown(endpoint: "127.0.0.1:\(sshd.port)", keyType: "ssh-ed25519", fingerprint: expected, knownHostsPath: "/dev/null")) {
            try SSHSession(options: options).connect()
        }
        let message = SSHError.hostKeyUnknown(endpoint: "e", keyType: "ssh-ed25519", fingerprint: expected, knownHostsPath: "/dev/null").description
        #expect(message.contains("known_hosts is /dev/null (UserKnownHostsFile none or /dev/null), so every host is unknown"), "\(message)")
        options.hostKeyPolicy = .acceptNew
        let session = try SSHSession.open(options)
        #expect(session.hostKey?.sha256 == expected)
        session.close()
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null must stay the null device")
    }

    @Test("hashed known_hosts entries (ssh-keygen -H) match")
    func hashedEntries() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let path = try sshd.writeKnownHosts()
        try ProcessRunner.check(["/usr/bin/ssh-keygen", "-H", "-f", path])
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("|1|"))
        let session = try SSHSession.open(sshd.options(keys: [key], knownHostsPath: path))
        #expect(session.hostKey?.keyType == "ssh-ed25519")
        session.close()
    }

    @Test("host-key algorithm preference follows the types known for the host (ECDSA only)")
    func preferenceFollowsKnownTypes() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let key = try sshd.makeClientKey("ed25519")
        let path = try sshd.writeKnownHosts([sshd.knownHostsLine("ecdsa")])
        try ProcessRunner.check(["/usr/bin/ssh-keygen", "-H", "-f", path])
        let session = try SSHSession.open(sshd.options(keys: [key], knownHostsPath: path))
        #expect(session.hostKey?.keyType == "ecdsa-sha2-nistp256")
        session.close()
    }

    @Test("a host presenting a key of a type known_hosts lacks, while it has others, counts as changed")
    func otherTypeOnly() throws {
        let sshd = try TestSSHD(hostKeyTypes: ["ecdsa"])
        defer { sshd.stop() }
        let other = try TestSSHD(hostKeyTypes: ["ed25519"])
        defer { other.stop() }
        var options = try sshd.options(knownHostsPath: sshd.writeKnownHosts([other.knownHostsLine("ed25519", name: sshd.knownHostsName)]))
        options.hostKeyPolicy = .acceptNew
        #expect {
            try SSHSession(options: options).connect()
        } throws: { error in
            guard case SSHError.hostKeyChanged(_, _, "ecdsa-sha2-nistp256", _, _, ["ssh-ed25519"]) = error else { return false }
            return true
        }
    }

    @Test("a plain 'host' entry does not vouch for another port (OpenSSH semantics)")
    func plainHostIsNotPortSpecific() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = SSHSession(options: try sshd.options(knownHostsPath: sshd.writeKnownHosts([sshd.knownHostsLine("ed25519", name: "127.0.0.1")])))
        #expect {
            try session.connect()
        } throws: { error in
            guard case SSHError.hostKeyUnknown = error else { return false }
            return true
        }
    }

    @Test("a key marked @revoked is refused")
    func revoked() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let line = try sshd.knownHostsLine("ed25519")
        let session = SSHSession(options: try sshd.options(knownHostsPath: sshd.writeKnownHosts(["@revoked " + line, line])))
        #expect {
            try session.connect()
        } throws: { error in
            guard case SSHError.hostKeyRevoked = error else { return false }
            return true
        }
    }
}
