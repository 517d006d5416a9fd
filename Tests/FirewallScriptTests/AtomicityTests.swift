import Testing
import TestSupport

/// A ruleset that `iptables-restore --test` rejects changes nothing, in either family: the
/// previous rules stay byte for byte, no backup is written, and the script exits 5 naming the
/// rejected line.
@Suite("A rejected ruleset leaves the previous rules untouched")
struct AtomicityTests {
    /// A rendered script broken on purpose, and the text the error must quote.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let from: String
        let to: String

        var testDescription: String { name }
    }

    static let breakages = [
        Breakage(name: "IPv4 allow rule with port 70000", from: "allow_rule \"$1\" tcp 8443 ", to: "allow_rule \"$1\" tcp 70000 "),
        Breakage(name: "IPv6-only bad source /129", from: "\"fd00:231::a:2/128\"", to: "\"fd00:231::a:2/129\""),
    ]

    @Test(.enabled(if: Lab.isAvailable, Lab.requirement), arguments: breakages)
    func rejectedRulesetChangesNothing(_ breakage: Breakage) throws {
        let host = try NetworkNamespace(role: "h")
        defer { host.remove() }
        let backend = IptablesBackend.nft
        for family in AddressFamily.allCases { try backend.restore(DockerDump.docker28.text(family), family, in: host) }
        let good = try FirewallScript(TestPolicy(sshPort: 2222))
        #expect(try good.run("start", in: host).status == 0)
        let before = try AddressFamily.allCases.map { try Self.rawSave(backend, $0, host) }

        let policy = TestPolicy(sshPort: 2222, allowRules: [
            TestRule(desc: "web from c1", ports: ["8443"], from: ["10.231.0.2/32", "fd00:231::a:2/128"])])
        let broken = try FirewallScript(policy) { $0.replacingOccurrences(of: breakage.from, with: breakage.to) }
        #expect(broken.content.contains(breakage.to), "the breakage must apply to the rendered script")

        for verb in ["start", "check"] {
            let result = try broken.run(verb, in: host)
            #expect(result.status == 5, "\(verb): \(result)")
            #expect(result.stderr.contains("rejected the new"), "\(verb): \(result.stderr)")
            #expect(result.stderr.contains(breakage.to.replacingOccurrences(of: "\"", with: "").split(separator: " ").last!),
                    "\(verb): the error must quote the bad line: \(result.stderr)")
            let after = try AddressFamily.allCases.map { try Self.rawSave(backend, $0, host) }
            #expect(after == before, "\(verb) changed the rules although --test failed")
        }
        let backups = try ProcessRunner.check(["sh", "-c", "ls \(broken.stateDirectory)/backups 2>/dev/null | wc -l"])
        #expect(backups.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "a rejected run must not write backups")
    }

    /// `iptables-save` output without its date comments: byte for byte otherwise.
    static func rawSave(_ backend: IptablesBackend, _ family: AddressFamily, _ host: NetworkNamespace) throws -> String {
        try backend.save(family, in: host).split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }
}
