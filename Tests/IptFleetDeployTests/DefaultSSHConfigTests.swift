import Foundation
import TestSupport
import Testing

/// Without `-F`, iptfleet reads `~/.ssh/config` as `ssh` does, `~` being the home directory of
/// the user in the password database (not `$HOME`): an inventory that names hosts only by their
/// ssh_config aliases (no address, user, key or known_hosts in it) reaches real hosts. Runs
/// iptfleet as a local account this test creates and removes.
@Suite(.enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct DefaultSSHConfigTests {
    static let account = "iptfleet-sshcfg"

    @Test func hostsNamedOnlyInTheUsersSSHConfigAreReached() throws {
        try LabFleet.with(hosts: 2) { fleet in
            let home = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-home-\(UUID().uuidString)").path
            let created = try ProcessRunner.run("/usr/sbin/useradd", ["--create-home", "--home-dir", home, "--shell", "/bin/sh", Self.account])
            try #require(created.status == 0, "\(created)")
            defer {
                _ = try? ProcessRunner.run("/usr/sbin/userdel", [Self.account])
                try? FileManager.default.removeItem(atPath: home)
            }
            let ssh = home + "/.ssh"
            try FileManager.default.createDirectory(atPath: ssh, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: fleet.privateKeyPath, toPath: ssh + "/lab_key")
            try FileManager.default.copyItem(atPath: fleet.knownHostsPath, toPath: ssh + "/lab_known_hosts")
            let aliases = fleet.hosts.indices.map { "web-\($0 + 1)" }
            let config = """
                Host web-*
                    User root
                    IdentityFile ~/.ssh/lab_key
                    UserKnownHostsFile ~/.ssh/lab_known_hosts

                """ + zip(aliases, fleet.hosts).map { "Host \($0)\n    HostName \($1.address)\n" }.joined(separator: "\n")
            try config.write(toFile: ssh + "/config", atomically: true, encoding: .utf8)
            try ("[web]\n" + aliases.joined(separator: "\n") + "\n").write(toFile: home + "/hosts.ini", atomically: true, encoding: .utf8)
            let owned = try ProcessRunner.run("/bin/chown", ["-R", "\(Self.account):", home])
            try #require(owned.status == 0, "\(owned)")
            func ping() throws -> ProcessRunner.Result {
                // $HOME stays root's on purpose: ssh and iptfleet take `~` from the password database.
                try ProcessRunner.run("/usr/sbin/runuser", ["-u", Self.account, "--", ProcessRunner.iptfleet, "ping", "-i", home + "/hosts.ini", "--json"],
                                      environment: ["XDG_STATE_HOME": home + "/state", "HOME": NSHomeDirectory()])
            }

            let reached = try ping()
            #expect(reached.status == 0, "\(reached)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(reached.stdout.utf8)) as? [String: Any], "\(reached)")
            let hosts = try #require(answer["hosts"] as? [[String: Any]], "\(reached)")
            #expect(hosts.compactMap { $0["host"] as? String }.sorted() == aliases)
            #expect(hosts.allSatisfy { ($0["status"] as? String) == "ok" && (($0["details"] as? [String: String])?["user"]) == "root" }, "\(reached)")

            // Without that file the same inventory reaches nothing: the names alone do not resolve.
            try FileManager.default.removeItem(atPath: ssh + "/config")
            let unresolved = try ping()
            #expect(unresolved.status == 4, "\(unresolved)")
            #expect(unresolved.stdout.contains("Cannot resolve host 'web-1'"), "\(unresolved)")
        }
    }
}
