import Foundation
import TestSupport
import Testing

/// `ansible_connection=local` on real hosts: the iptfleet SwiftPM built is copied onto a lab host
/// and run there, inside an SSH session from the controller, on the host itself
/// (`deploy -c local -i 'localhost,'`). A change is kept when the operator answers `y` on the
/// terminal; a policy that would cut the session is refused; a forced one the operator does not
/// confirm is undone by the host's own timer, and the controller gets in again.
@Suite(.serialized, .enabled(if: LabFleet.unavailableReason == nil, "\(LabFleet.unavailableReason ?? "")"))
struct LocalConnectionLabTests {
    static let question = "Keep this change? [y/N]"
    static let refusingPolicy = #"{"ssh_allow_cidr": ["192.0.2.0/24"]}"#

    /// Puts the built iptfleet under /opt/iptfleet on `host` (bin/, share/iptfleet/Templates and
    /// GroupVars, as a package lays them out), with the Swift runtime libraries and libssh2 it
    /// links against in lib/: lab hosts have neither.
    static func install(on host: LabFleet.Host, _ fleet: LabFleet) throws {
        let ldd = try ProcessRunner.run("/usr/bin/ldd", [ProcessRunner.iptfleet])
        try #require(ldd.status == 0, "\(ldd)")
        let libraries = ldd.stdout.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count, words[arrow + 1].contains("/swift/") || words[0].trimmingCharacters(in: .whitespaces).hasPrefix("libssh2") else { return nil }
            return String(words[arrow + 1])
        }
        let stage = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-local-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stage) }
        for directory in ["bin", "lib", "share/iptfleet"] {
            try FileManager.default.createDirectory(atPath: stage + "/" + directory, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: ProcessRunner.iptfleet, toPath: stage + "/bin/iptfleet")
        for library in libraries {
            // Under the name the binary asks for, with the content (not the symlink) behind it.
            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: library).resolvingSymlinksInPath().path,
                                             toPath: stage + "/lib/" + (library as NSString).lastPathComponent)
        }
        for resource in ["Templates", "GroupVars"] {
            try FileManager.default.copyItem(atPath: Repository.path(resource), toPath: stage + "/share/iptfleet/" + resource)
        }
        let ssh = (["/usr/bin/ssh"] + fleet.sshArguments(for: host)).joined(separator: " ")
        let copy = try ProcessRunner.run("/bin/bash", ["-o", "pipefail", "-c",
            "tar -C \(stage) -cf - . | \(ssh) 'mkdir -p /opt/iptfleet && tar -C /opt/iptfleet --no-same-owner -xf - && chmod -R go-w /opt/iptfleet'"])
        try #require(copy.status == 0, "copying iptfleet to \(host): \(copy)")
    }

    /// The host's filter tables (counters dropped), the firewall's files and its unit's state.
    static func filterState(_ fleet: LabFleet, _ host: LabFleet.Host) throws -> String {
        try fleet.runChecked("{ iptables-save -t filter; ip6tables-save -t filter; } | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'; "
                             + "sha256sum /usr/local/sbin/iptables-docker.sh /etc/systemd/system/iptables-docker.service 2>&1; "
                             + "systemctl is-enabled iptables-docker 2>&1; systemctl is-active iptables-docker 2>&1; true", on: host)
    }

    /// The command line that runs the copied iptfleet on the host itself.
    static func localDeploy(_ extra: String = "") -> String {
        "cd /root && LD_LIBRARY_PATH=/opt/iptfleet/lib /opt/iptfleet/bin/iptfleet deploy -c local -i localhost, --confirm-timeout 10 \(extra)"
    }

    /// Runs `command` on `host` in an SSH session with a terminal (`ssh -tt`) and types `answer`
    /// once the confirmation question has appeared; returns the exit status and everything shown.
    static func onTerminal(_ command: String, on host: LabFleet.Host, _ fleet: LabFleet, answer: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        process.arguments = ["-tt"] + fleet.sshArguments(for: host) + ["--", command]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let shown = Shown()
        output.fileHandleForReading.readabilityHandler = { handle in shown.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        var answered = false
        while process.isRunning && Date() < deadline {
            if !answered && shown.text.contains(question) {
                input.fileHandleForWriting.write(Data((answer + "\n").utf8))
                answered = true
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        try? input.fileHandleForWriting.close()
        return (process.terminationStatus, shown.text)
    }

    /// What the terminal showed so far, filled from the reader's thread.
    final class Shown: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    @Test(.timeLimit(.minutes(15)))
    func aHostDeploysToItselfOverTheOperatorsSSHSession() throws {
        try LabFleet.with(hosts: 2) { fleet in
            let (host, other) = (fleet.hosts[0], fleet.hosts[1])
            try Self.install(on: host, fleet)
            try Self.install(on: other, fleet)

            // (a) The default policy admits the controller: the change is kept once answered yes.
            let kept = try Self.onTerminal(Self.localDeploy(), on: host, fleet, answer: "y")
            #expect(kept.status == 0, "\(kept.output)")
            #expect(kept.output.contains(Self.question) && kept.output.contains("changed"), "\(kept.output)")
            #expect(try fleet.runChecked("iptables-save -t filter", on: host).contains(":INPUT DROP"), "the firewall is up")
            #expect(try fleet.run("test -s /var/lib/iptables-docker/previous/id", on: host).succeeded, "the change was confirmed")
            let installed = try SafetyTests.state(fleet, host)

            // (b) A policy that does not admit the controller would cut the session: refused.
            let refused = try fleet.run(Self.localDeploy("-e '\(Self.refusingPolicy)'"), on: host, timeout: 120)
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.standardOutput.contains("refused, nothing changed: the new rules would lock the SSH session iptfleet runs in out: SSH from "),
                    "\(refused)")
            #expect(try SafetyTests.state(fleet, host) == installed, "nothing changed")

            // (c) Forced, and not confirmed: the host undoes it by itself, and lets the controller in
            // again. (An undo puts back the filter tables; a first install may leave other tables
            // the firewall script loaded, empty: compared are the filter table, files and unit.)
            let before = try Self.filterState(fleet, other)
            let undone = try Self.onTerminal(Self.localDeploy("--force -e '\(Self.refusingPolicy)'"), on: other, fleet, answer: "n")
            #expect(undone.status == 2, "\(undone.output)")
            #expect(undone.output.contains("not confirmed on the terminal within 10 s of the switch (the answer was 'n', not yes); the host put its previous rules and files back by itself"),
                    "\(undone.output)")
            let after = try Self.filterState(fleet, other)
            #expect(after == before, "a new SSH login gets in and finds the old rules and files:\nbefore:\n\(before)\nafter:\n\(after)")
        }
    }
}
