import Foundation
import Testing

/// The verbs' exit codes and side effects: `status` 3 before `start`, 0 after, 3 after `stop`;
/// `check` validates without changing anything; unknown verbs exit 2; not root or a bad
/// backend exits 4.
@Suite("Verbs and exit codes")
struct VerbTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func statusFollowsStartAndStop() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        let script = try FirewallScript(TestPolicy())
        let initial = try script.run("status", in: host)
        #expect(initial.status == 3, "\(initial)")
        #expect(initial.stdout.contains("IPv4: not active"))
        #expect(try script.run("start", in: host).status == 0)
        let active = try script.run("status", in: host)
        #expect(active.status == 0, "\(active)")
        #expect(active.stdout.contains("IPv4: active (INPUT policy DROP"))
        #expect(active.stdout.contains("IPv6: active (INPUT policy DROP"))
        #expect(try script.run("stop", in: host).status == 0)
        #expect(try script.run("status", in: host).status == 3)
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func checkValidatesWithoutChanging() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try IptablesBackend.nft.restore(DockerDump.docker29.v4, .v4, in: host)
        let before = try AtomicityTests.rawSave(.nft, .v4, host)
        let script = try FirewallScript(TestPolicy.everything)
        let result = try script.run("check", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("check: IPv4 ruleset is valid"))
        #expect(try AtomicityTests.rawSave(.nft, .v4, host) == before)
        #expect(try script.run("status", in: host).status == 3, "check must not start the firewall")
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func usageAndEnvironmentErrors() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        let script = try FirewallScript(TestPolicy())
        let usage = try script.run("reload-everything", in: host)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("usage:"))
        let badBackend = try script.run("start", in: host, environment: ["IPTABLES_DOCKER_BACKEND": "iptables-ng"])
        #expect(badBackend.status == 4, "\(badBackend)")
        #expect(badBackend.stderr.contains("must be auto, nft or legacy"))
        let notRoot = try host.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-s", "start"],
                                   input: script.content)
        #expect(notRoot.status == 4, "\(notRoot)")
        #expect(notRoot.stderr.contains("must run as root"))
        #expect(try script.run("status", in: host).status == 3, "failed runs must not start the firewall")
    }
}
