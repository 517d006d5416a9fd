import Foundation
import TestSupport
import Testing

/// The `.deb` that `Scripts/package-deb` builds is complete: installed on a fresh lab host (no
/// build tree, no Swift), its `iptfleet` deploys the firewall from that host to two other lab
/// hosts, `man iptfleet` renders and completion scripts are generated.
///
/// Slow: the release build takes about 6 minutes on 2 cores the first time (`.build-release/`
/// is kept; later runs relink and repackage in about 40 s); the lab part takes about 20 s.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct DebianPackageTests {
    /// What the lab image lacks for `man` (man-db and its dependencies); downloaded on the
    /// controller with `apt-get download`, since lab hosts have no network. No libssh2 package:
    /// where the system's libssh2 is older than 1.11 (Debian 12, like the lab image), the build
    /// links libssh2 1.11.1 statically (Scripts/build-libssh2), so the package must install and
    /// deploy on a host without any libssh2; a packager who builds against a system libssh2
    /// >= 1.11 gets a `Depends` on it instead, and that host has the package already.
    static let hostPackages = ["man-db", "groff-base", "libgdbm6", "libpipeline1", "libuchardet0", "bsdextrautils"]

    /// Whether the build links the libssh2 that Scripts/build-libssh2 built (see Package.swift).
    static var linksBundledLibSSH2: Bool {
        FileManager.default.fileExists(atPath: Repository.root + "/.build-deps/libssh2-1.11.1/lib/libssh2.a")
    }

    private func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable, arguments, directory: directory)
    }

    @Test(.timeLimit(.minutes(30)))
    func theDebInstalledOnAFreshHostDeploysToTwoOthers() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-deb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch + "/debs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let build = try run(Repository.root + "/Scripts/package-deb", [scratch + "/out"], in: Repository.root)
        try #require(build.status == 0, "\(build)")
        let deb = try #require(build.stdout.split(separator: "\n").last.map(String.init))
        let fields = try run("/usr/bin/dpkg-deb", ["--field", deb, "Depends", "Version"])
        if Self.linksBundledLibSSH2 {
            // The old system libssh2 (1.10, ssh-rsa only) must not come back through the package.
            #expect(!fields.stdout.contains("libssh2"), "\(fields)")
            #expect(fields.stdout.contains("libssl3"), "\(fields)")
        } else {
            #expect(fields.stdout.contains("libssh2-1"), "\(fields)")
        }
        let contents = try run("/usr/bin/dpkg-deb", ["--contents", deb])
        for path in ["./usr/bin/iptfleet", "./usr/share/iptfleet/Templates/manifest.yml", "./usr/share/iptfleet/GroupVars/all.yml",
                     "./usr/share/man/man1/iptfleet.1.gz", "./usr/share/bash-completion/completions/iptfleet",
                     "./usr/share/zsh/vendor-completions/_iptfleet", "./usr/share/fish/vendor_completions.d/iptfleet.fish"] {
            #expect(contents.stdout.contains(path), "\(path) missing from the package:\n\(contents.stdout)")
        }
        // What becomes a root script on every host is root's, and no one else may write it.
        let shipped = contents.stdout.split(separator: "\n").filter { $0.contains("./usr/share/iptfleet/") }
        #expect(shipped.count >= 6 && shipped.allSatisfy { $0.hasPrefix("drwxr-xr-x root/root") || $0.hasPrefix("-rw-r--r-- root/root") },
                "templates and defaults must be root:root 0755/0644:\n\(shipped.joined(separator: "\n"))")
        let download = try run("/usr/bin/apt-get", ["download", "-q"] + Self.hostPackages, in: scratch + "/debs")
        try #require(download.status == 0, "apt-get download: \(download)")

        let name = "pk" + String(UUID().uuidString.lowercased().prefix(6))
        try LabFleet.with(hosts: 3, name: name) { fleet in
            let controller = fleet.hosts[0]
            let targets = Array(fleet.hosts[1...])
            // The controller gets the packages, the lab key and known_hosts, and an inventory of
            // the two other hosts by address.
            let inventory = "[fleet]\n" + targets.map { "\($0.name) ansible_host=\($0.address) ansible_user=root\n" }.joined()
            try inventory.write(toFile: scratch + "/hosts.ini", atomically: true, encoding: .utf8)
            let debs = try FileManager.default.contentsOfDirectory(atPath: scratch + "/debs").map { scratch + "/debs/" + $0 }
            let copy = try run("/usr/bin/scp", ["-F", fleet.sshConfigPath, "-q", deb, scratch + "/hosts.ini", fleet.privateKeyPath, fleet.knownHostsPath]
                + debs + ["\(controller.name):/root/"])
            try #require(copy.status == 0, "scp: \(copy)")

            // No Swift toolchain and no build tree there: only what the package brings.
            #expect(try fleet.run("command -v swift || ls /usr/lib/swift", on: controller).status != 0)
            let install = try fleet.run("cd /root && DEBIAN_FRONTEND=noninteractive dpkg -i \(debs.map { ($0 as NSString).lastPathComponent }.joined(separator: " ")) && dpkg -i iptfleet_*.deb",
                                        on: controller, timeout: 300)
            try #require(install.succeeded, "dpkg -i: \(install)")

            let version = try fleet.runChecked("iptfleet --version", on: controller).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!version.isEmpty && version != "dev", "the packaged binary must carry its git version, got '\(version)'")
            let deploy = try fleet.run("cd / && iptfleet deploy -i /root/hosts.ini --private-key /root/id_ed25519 --known-hosts /root/known_hosts",
                                       on: controller, timeout: 300)
            #expect(deploy.succeeded, "deploy from \(controller): \(deploy)")
            for host in targets {
                #expect(deploy.standardOutput.contains("changed     \(host.name)"), "\(deploy)")
                let rules = try fleet.runChecked("iptables-save -t filter", on: host)
                #expect(rules.contains(":INPUT DROP") && rules.contains("--dport 22"), "\(host): \(rules)")
                #expect(try fleet.runChecked("systemctl is-active iptables-docker", on: host).hasPrefix("active"))
            }
            #expect(try fleet.runChecked("iptables-save -t filter", on: controller).contains(":INPUT DROP") == false,
                    "the controller itself is not in its inventory")

            let manual = try fleet.run("MANWIDTH=80 man iptfleet", on: controller)
            #expect(manual.succeeded && manual.standardOutput.hasPrefix("IPTFLEET(1)"), "man iptfleet: \(manual)")
            for text in ["SYNOPSIS", "deploy", "--log-file", "history"] {
                #expect(manual.standardOutput.contains(text), "man iptfleet lacks \(text)")
            }
            let completion = try fleet.run("iptfleet --generate-completion-script bash", on: controller)
            #expect(completion.succeeded && completion.standardOutput.contains("_iptfleet"), "\(completion)")
        }
    }
}
