import Foundation
import TestSupport

/// A fleet of real Debian hosts booted on this machine by `Scripts/lab` (systemd-nspawn containers,
/// each with its own network namespace, sshd, systemd and iptables), for end-to-end tests.
///
/// Skip when `LabFleet.unavailableReason` is not nil; always call `tearDown()`, also when the test
/// fails (or use `LabFleet.with(hosts:)`, which does):
///
///     let fleet = try LabFleet(hosts: 5)
///     defer { try? fleet.tearDown() }
///     let result = try fleet.run("iptables -S", on: fleet.hosts[0])
///
/// Host keys are known beforehand (`knownHostsPath`), so tests can use strict host-key checking.
final class LabFleet: Sendable {
    /// One booted host.
    struct Host: Sendable, Hashable, CustomStringConvertible {
        /// The inventory name, `lab-NAME-01`…; also the host's hostname.
        let name: String
        /// Its IPv4 address on the lab bridge (10.231.128.x); the controller is 10.231.128.1.
        let address: String
        /// Its IPv6 address on the lab bridge (fd69:7074:666c:80::x); the controller is `…::1`.
        var address6: String? = nil
        /// For an isolated host (`isolated:`): the name of the host it is reachable through.
        var jumpHost: String? = nil
        var description: String { "\(name) (\(address))" + (jumpHost.map { " behind \($0)" } ?? "") }
    }

    /// What a command run through `Scripts/lab` or `ssh` did.
    struct CommandResult: Sendable, CustomStringConvertible {
        let status: Int32
        let standardOutput: String
        let standardError: String
        let timedOut: Bool
        var succeeded: Bool { status == 0 && !timedOut }
        var description: String {
            "exit \(status)\(timedOut ? " (timed out)" : "")\nstdout: \(standardOutput)\nstderr: \(standardError)"
        }
    }

    /// `Scripts/lab` failed, or a command meant to succeed did not.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The lab's name (`--name`); hosts are `lab-<name>-01`….
    let name: String
    /// Where `Scripts/lab up` keeps the lab: `/run/iptfleet-lab/<name>` by default.
    let runDirectory: String
    /// The hosts, in order.
    let hosts: [Host]

    /// Ansible INI inventory: every host with `ansible_host`, `ansible_user=root` and the lab key.
    var inventoryPath: String { runDirectory + "/hosts.ini" }
    /// The same hosts as user `deploy` (passwordless sudo) with `ansible_become=true`.
    var deployInventoryPath: String { runDirectory + "/hosts-deploy.ini" }
    /// The lab's private key (ed25519, OpenSSH format, mode 0600), authorized for root and deploy.
    var privateKeyPath: String { runDirectory + "/id_ed25519" }
    /// known_hosts with every host's real ed25519 and ecdsa keys, by name and by address.
    var knownHostsPath: String { runDirectory + "/known_hosts" }
    /// An OpenSSH client config for the lab: `ssh -F sshConfigPath lab-<name>-01`.
    var sshConfigPath: String { runDirectory + "/ssh_config" }

    /// `Scripts/lab`; `IPTFLEET_LAB_SCRIPT` overrides it.
    static var script: String {
        ProcessInfo.processInfo.environment["IPTFLEET_LAB_SCRIPT"] ?? Repository.root + "/Scripts/lab"
    }

    /// Nil when lab hosts can be booted here; otherwise a one-line reason to skip with.
    /// Set `IPTFLEET_SKIP_LAB=1` to skip lab tests on purpose.
    static let unavailableReason: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let skip = environment["IPTFLEET_SKIP_LAB"], !skip.isEmpty, skip != "0" {
            return "IPTFLEET_SKIP_LAB is set"
        }
        guard geteuid() == 0 else { return "the lab needs root (network namespaces, mounts, systemd-nspawn)" }
        guard FileManager.default.isExecutableFile(atPath: script) else { return "\(script) is missing" }
        let tools = [
            ("systemd-nspawn", "systemd-container"), ("ip", "iproute2"), ("ssh", "openssh-client"),
            ("ssh-keygen", "openssh-client"), ("flock", "util-linux"), ("findmnt", "util-linux"),
        ]
        for (tool, package) in tools where findProgram(tool) == nil {
            return "\(tool) is missing (apt-get install \(package))"
        }
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        if !filesystems.contains("\toverlay\n"), !FileManager.default.fileExists(atPath: "/sys/module/overlay") {
            return "overlayfs is not available (modprobe overlay)"
        }
        if !imageIsBuilt, findProgram("debootstrap") == nil {
            return "no lab image is cached and debootstrap is missing (apt-get install debootstrap)"
        }
        return nil
    }()

    /// Whether `Scripts/lab image` has completed (otherwise the first `up` builds it: about a minute).
    static var imageIsBuilt: Bool {
        let cache = ProcessInfo.processInfo.environment["IPTFLEET_LAB_CACHE"] ?? "/var/cache/iptfleet-lab"
        return FileManager.default.fileExists(atPath: cache + "/bookworm.complete")
    }

    /// Boots `count` hosts (`Scripts/lab up COUNT --name NAME [--flavour FLAVOUR] [--isolated K]`)
    /// and waits until every one runs a command over SSH and has finished booting. A unique name is
    /// made when none is given; `flavour` is one of `Scripts/lab`'s (`plain` when nil,
    /// `docker-26.1`, …). With `isolated` K > 0 the last K hosts sit on a second bridge the
    /// controller is not on, reachable only through the host before them (`sshConfigPath` has the
    /// `ProxyJump`s, the inventories list only the other hosts).
    /// On failure `Scripts/lab` has already removed whatever it had started.
    init(hosts count: Int, isolated: Int = 0, name: String? = nil, flavour: String? = nil, timeout: TimeInterval = 600) throws {
        let name = name ?? LabFleet.uniqueName()
        let flavourArguments = flavour.map { ["--flavour", $0] } ?? []
        let isolatedArguments = isolated > 0 ? ["--isolated", String(isolated)] : []
        // A first run builds the flavour's image for minutes: its progress lines go straight to
        // the test run's stderr, so nobody takes the wait for a hang.
        let image = try LabFleet.execute(LabFleet.script, ["image", "--quiet"] + flavourArguments, timeout: 3600, showingStandardError: true)
        guard image.succeeded else { throw Failure(description: "Scripts/lab image \(flavourArguments.joined(separator: " ")) failed: \(image)") }
        let up = try LabFleet.lab(["up", String(count), "--name", name] + flavourArguments + isolatedArguments, timeout: timeout)
        guard up.succeeded, let directory = up.standardOutput.split(separator: "\n").last.map(String.init) else {
            _ = try? LabFleet.lab(["down", "--name", name], timeout: 120)
            throw Failure(description: "Scripts/lab up \(count) --name \(name) \(flavourArguments.joined(separator: " ")) failed: \(up)")
        }
        self.name = name
        self.runDirectory = directory
        self.hosts = try LabFleet.readHosts(runDirectory: directory)
        guard hosts.count == count else {
            throw Failure(description: "Scripts/lab up \(count) booted \(hosts.count) host(s) in \(directory)")
        }
    }

    /// Boots a fleet, runs `body`, and tears the fleet down whatever `body` did.
    static func with<T>(hosts count: Int, isolated: Int = 0, name: String? = nil, _ body: (LabFleet) throws -> T) throws -> T {
        let fleet = try LabFleet(hosts: count, isolated: isolated, name: name)
        do {
            let value = try body(fleet)
            try fleet.tearDown()
            return value
        } catch {
            try? fleet.tearDown()
            throw error
        }
    }

    /// Boots a fleet, runs the async `body`, and tears the fleet down whatever `body` did.
    static func with<T>(hosts count: Int, isolated: Int = 0, name: String? = nil, _ body: (LabFleet) async throws -> T) async throws -> T {
        let fleet = try LabFleet(hosts: count, isolated: isolated, name: name)
        do {
            let value = try await body(fleet)
            try fleet.tearDown()
            return value
        } catch {
            try? fleet.tearDown()
            throw error
        }
    }

    /// Stops every host and removes the lab (`Scripts/lab down --name NAME`). Idempotent.
    func tearDown() throws {
        let down = try LabFleet.lab(["down", "--name", name], timeout: 300)
        guard down.succeeded else { throw Failure(description: "Scripts/lab down --name \(name) failed: \(down)") }
    }

    /// The host called `name` (`lab-NAME-03`) or with that address.
    func host(_ nameOrAddress: String) -> Host? {
        hosts.first { $0.name == nameOrAddress || $0.address == nameOrAddress }
    }

    /// Powers `host` off (its address stays; connections to port 22 are then refused).
    func stop(_ host: Host) throws { try labChecked(["stop", host.name], timeout: 120) }

    /// Boots a stopped `host` again and waits until it answers SSH.
    func start(_ host: Host) throws { try labChecked(["start", host.name], timeout: 300) }

    /// Runs `systemctl reboot` on `host` and waits until it is back (the supervisor boots it again).
    func reboot(_ host: Host) throws { try labChecked(["reboot", host.name], timeout: 300) }

    /// Takes `host`'s network link down: packets to it are dropped, connections time out.
    func unplug(_ host: Host) throws { try labChecked(["unplug", host.name], timeout: 30) }

    /// Brings `host`'s network link back up.
    func plug(_ host: Host) throws { try labChecked(["plug", host.name], timeout: 30) }

    /// The `ssh` arguments (before the remote command) that reach `host` as `user` with the lab
    /// key and strict host-key checking.
    func sshArguments(for host: Host, user: String = "root", connectTimeout: Int = 5) -> [String] {
        ["-F", sshConfigPath, "-l", user, "-o", "ConnectTimeout=\(connectTimeout)", host.name]
    }

    /// Runs `command` (a shell command line) on `host` as `user` through the `ssh` client.
    func run(_ command: String, on host: Host, user: String = "root", timeout: TimeInterval = 60) throws -> CommandResult {
        try LabFleet.execute(LabFleet.findProgram("ssh") ?? "/usr/bin/ssh",
                             sshArguments(for: host, user: user) + ["--", command], timeout: timeout)
    }

    /// Runs `command` on `host` and returns its standard output; throws unless it exits 0.
    @discardableResult
    func runChecked(_ command: String, on host: Host, user: String = "root", timeout: TimeInterval = 60) throws -> String {
        let result = try run(command, on: host, user: user, timeout: timeout)
        guard result.succeeded else { throw Failure(description: "`\(command)` on \(host) as \(user): \(result)") }
        return result.standardOutput
    }

    // MARK: - Private

    private func labChecked(_ arguments: [String], timeout: TimeInterval) throws {
        let result = try LabFleet.lab(arguments, timeout: timeout)
        guard result.succeeded else {
            throw Failure(description: "Scripts/lab \(arguments.joined(separator: " ")) failed: \(result)")
        }
    }

    private static func lab(_ arguments: [String], timeout: TimeInterval) throws -> CommandResult {
        try execute(script, arguments, timeout: timeout)
    }

    private static func uniqueName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "t" + String((0..<7).map { _ in alphabet.randomElement()! })
    }

    private static func readHosts(runDirectory: String) throws -> [Host] {
        let hostsDirectory = runDirectory + "/hosts"
        let entries = try FileManager.default.contentsOfDirectory(atPath: hostsDirectory).sorted()
        return try entries.map { entry in
            func field(_ file: String) throws -> String {
                try String(contentsOfFile: "\(hostsDirectory)/\(entry)/\(file)", encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let jumpHost = FileManager.default.fileExists(atPath: "\(hostsDirectory)/\(entry)/isolated") ? try field("isolated") : nil
            return Host(name: try field("name"), address: try field("addr"), address6: try? field("addr6"), jumpHost: jumpHost)
        }
    }

    static func findProgram(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program with no standard input and its output in temporary files (no pipe can fill
    /// up), or its stderr on ours when `showingStandardError`. After `timeout` seconds it gets
    /// SIGTERM, 10 s later SIGKILL.
    private static func execute(_ executable: String, _ arguments: [String], timeout: TimeInterval,
                                showingStandardError: Bool = false) throws -> CommandResult {
        let scratch = TemporaryDirectory()
        let child: ChildProcess
        do {
            child = try ChildProcess(executable, arguments, stdout: scratch.file("stdout"),
                                     stderr: showingStandardError ? .inherited : .file(scratch.file("stderr")))
        } catch {
            throw Failure(description: "\(error)")
        }
        var status = child.wait(until: Date().addingTimeInterval(timeout))
        let timedOut = status == nil
        if timedOut {
            kill(child.pid, SIGTERM)
            status = child.wait(until: Date().addingTimeInterval(10))
        }
        if status == nil { kill(child.pid, SIGKILL) }
        return CommandResult(status: status ?? child.wait(), standardOutput: scratch.read("stdout"),
                             standardError: scratch.read("stderr"), timedOut: timedOut)
    }
}
