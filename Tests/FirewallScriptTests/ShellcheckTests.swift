import Testing
import TestSupport

/// The rendered script passes `shellcheck -s sh` (Debian package shellcheck) without a single
/// finding, for policies that switch every template branch on and off.
@Suite("shellcheck")
struct ShellcheckTests {
    static let policies: [(String, TestPolicy)] = [
        ("defaults", TestPolicy()),
        ("everything", TestPolicy.everything),
        ("minimal", TestPolicy(sshAllow: ["10.231.0.0/24"], icmp: false, dockerPreserve: false, ipv6: false, backend: "legacy")),
        ("udplite and lists", TestPolicy(allowRules: [TestRule(desc: "lite", proto: "udplite", ports: ["5000"]),
                                                       TestRule(desc: "many ports", ports: ["80", "443", "8000:8100"])])),
    ]

    @Test(.enabled(if: Lab.hasProgram("/usr/bin/shellcheck"), "needs shellcheck (Debian package shellcheck)"),
          arguments: policies.map(\.0))
    func renderedScriptHasNoFindings(_ name: String) throws {
        let policy = Self.policies.first { $0.0 == name }!.1
        let script = try FirewallScript(policy)
        let result = try ProcessRunner.run(["shellcheck", "-s", "sh", "-S", "style", script.path])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
        let syntax = try ProcessRunner.run(["sh", "-n", script.path])
        #expect(syntax.succeeded, "\(syntax)")
    }
}
