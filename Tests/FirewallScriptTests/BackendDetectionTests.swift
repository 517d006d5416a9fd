import Foundation
import Testing
import TestSupport

/// `iptables_backend: auto` puts the firewall where Docker's chains are; an explicit backend is
/// obeyed (with a warning when Docker is elsewhere); rules left in the other backend are reported
/// as mixed state; and looking never creates legacy tables.
@Suite("Backend detection")
struct BackendDetectionTests {
    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: IptablesBackend.allCases)
    func autoFollowsDocker(_ dockerBackend: IptablesBackend) throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try dockerBackend.restore(DockerDump.docker28.v4, .v4, in: host)
        let script = try FirewallScript(TestPolicy())
        let result = try script.run("start", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("auto: Docker's chains are in \(dockerBackend == .nft ? "nf_tables" : "legacy iptables")"))
        let other: IptablesBackend = dockerBackend == .nft ? .legacy : .nft
        #expect(try dockerBackend.save(.v4, in: host).contains(":IPTFLEET-INPUT"))
        #expect(try Self.tables(other, host).allSatisfy { !$0.contains("IPTFLEET") }, "nothing may go into \(other.rawValue)")
        #expect(!result.stderr.contains("mixed"), "\(result.stderr)")
        if dockerBackend == .nft {
            #expect(try host.exec(["cat", "/proc/net/ip_tables_names"]).isEmpty, "detection must not create legacy tables")
        }
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func autoWithoutDockerUsesTheSystemIptables() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        let system = try ProcessRunner.check(["iptables", "-V"]).contains("nf_tables") ? IptablesBackend.nft : .legacy
        let result = try FirewallScript(TestPolicy()).run("start", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(try system.save(.v4, in: host).contains(":IPTFLEET-INPUT"))
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func explicitBackendIsObeyedAndMismatchReported() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try IptablesBackend.nft.restore(DockerDump.docker28.v4, .v4, in: host)
        let dockerBefore = Ruleset(save: try IptablesBackend.nft.save(.v4, in: host))
        var policy = TestPolicy()
        policy.backend = "legacy"
        let result = try FirewallScript(policy).run("start", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("Docker's chains are in iptables-nft, but iptables_backend=legacy"), "\(result.stderr)")
        #expect(try IptablesBackend.legacy.save(.v4, in: host).contains(":IPTFLEET-INPUT"))
        #expect(Ruleset(save: try IptablesBackend.nft.save(.v4, in: host)) == dockerBefore, "nf_tables must stay as Docker left it")
    }

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement))
    func mixedStateIsReported() throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        try IptablesBackend.nft.restore(DockerDump.docker28.v4, .v4, in: host)
        try host.exec(["iptables-legacy", "-A", "INPUT", "-s", "10.231.0.99/32", "-j", "DROP"])
        let result = try FirewallScript(TestPolicy()).run("start", in: host)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("mixed backends: IPv4 rules also exist in legacy iptables"), "\(result.stderr)")
        #expect(result.stdout.contains("auto: Docker's chains are in nf_tables"))
        let status = try FirewallScript(TestPolicy()).run("status", in: host)
        #expect(status.stderr.contains("mixed backends"), "status must report it too: \(status)")
    }

    /// Every family's save of `backend` in `host`.
    static func tables(_ backend: IptablesBackend, _ host: NetworkNamespace) throws -> [String] {
        try AddressFamily.allCases.map { try backend.save($0, in: host) }
    }
}
