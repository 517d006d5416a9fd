import Foundation
import IptFleetSSH
import Testing

@Suite("Uploading files", .enabled(if: TestSSHD.isAvailable, TestSSHD.unavailableReason))
struct UploadTests {
    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("8 MiB and 0-byte uploads arrive intact with their mode")
    func sizes() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let big = Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) })
        let bigPath = sshd.directory.file("big.bin")
        try session.upload(big, to: bigPath, mode: 0o640)
        #expect(FileManager.default.contents(atPath: bigPath) == big)
        #expect(try mode(bigPath) == 0o640)

        let emptyPath = sshd.directory.file("empty")
        try session.upload(Data(), to: emptyPath, mode: 0o600)
        #expect(FileManager.default.contents(atPath: emptyPath) == Data())
        #expect(try mode(emptyPath) == 0o600)
    }

    @Test("replacing an existing file sets the new mode and owner and leaves no temp file")
    func replace() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let directory = sshd.directory.file("etc")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/rules.v4"
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        try session.upload(Data("new\n".utf8), to: path, mode: 0o755, owner: "nobody", group: "nogroup")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try mode(path) == 0o755)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.ownerAccountName] as? String == "nobody")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["rules.v4"])
    }

    @Test("an upload into a missing directory fails with the remote reason")
    func missingDirectory() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let session = try SSHSession.open(sshd.options(keys: [sshd.makeClientKey("ed25519")]))
        defer { session.close() }
        let path = sshd.directory.file("no/such/dir/file")
        #expect {
            try session.upload(Data("x".utf8), to: path, mode: 0o644)
        } throws: { error in
            guard case SSHError.uploadFailed(_, path, let detail) = error else { return false }
            return detail.contains("mktemp")
        }
    }

    @Test("an upload interrupted by killing sshd leaves the old file intact")
    func interrupted() throws {
        let sshd = try TestSSHD()
        defer { sshd.stop() }
        let options = try sshd.options(keys: [sshd.makeClientKey("ed25519")])
        let directory = sshd.directory.file("target")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/firewall.sh"
        try "old content\n".write(toFile: path, atomically: true, encoding: .utf8)

        let payload = Data(repeating: 0x41, count: 256 << 20)
        let outcome = runOnThreads(count: 2, items: [0, 1]) { role -> String in
            if role == 0 {
                do {
                    let session = try SSHSession.open(options)
                    defer { session.close() }
                    try session.upload(payload, to: path, mode: 0o644)
                    return "completed"
                } catch {
                    return "failed: \(error)"
                }
            }
            // Kill the session processes as soon as the temp file has started to grow.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                if let temporary = names.first(where: { $0.hasPrefix(".firewall.sh.iptfleet-") }),
                   let size = try? FileManager.default.attributesOfItem(atPath: directory + "/" + temporary)[.size] as? Int,
                   size > 0 {
                    sshd.killSessions()
                    return "killed"
                }
                usleep(2_000)
            }
            return "no temp file seen"
        }
        #expect(outcome[1] == "killed")
        #expect(outcome[0].hasPrefix("failed"), "\(outcome[0])")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old content\n")
    }
}
