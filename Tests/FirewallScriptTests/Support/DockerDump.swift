import Foundation
import TestSupport
import Testing

/// The `iptables-save` dumps Docker engines leave behind (`Tests/Fixtures/docker-iptables/*.save`;
/// see the README there for how each was taken), and IPv6 versions of them for ip6tables.
struct DockerDump: Sendable, CustomTestStringConvertible {
    /// The fixture's file name without `.save`.
    let name: String
    /// The dump as Docker wrote it (IPv4).
    let v4: String
    /// Docker's bridges in this dump that do not match `docker*`, `br-*` or `veth*` (a test makes
    /// them real bridges: the script trusts no other interface).
    let otherInterfaces: [String]

    var testDescription: String { name }

    /// The same rules for ip6tables: every IPv4 address of the dumps mapped into fd00:231::/64.
    var v6: String { Self.toIPv6(v4) }

    func text(_ family: AddressFamily) -> String { family == .v4 ? v4 : v6 }

    static let all: [DockerDump] = [docker20, docker26, docker28, docker29]

    static func toIPv6(_ text: String) -> String {
        let mapping = [
            ("172.17.0.2:80", "[fd00:231::c:2]:80"), ("192.0.2.2:80", "[fd00:231::d:2]:80"),
            ("172.17.0.2/32", "fd00:231::c:2/128"), ("192.0.2.2/32", "fd00:231::d:2/128"),
            ("172.17.0.0/16", "fd00:231::c:0/112"), ("192.0.2.0/24", "fd00:231::d:0/112"),
            ("127.0.0.0/8", "::1/128"),
        ]
        return mapping.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    static let docker20 = load("docker-20.10-bridge-published-8080")
    static let docker26 = load("docker-26.1-bridge-published-8080")
    static let docker28 = load("docker-28.5-bridge-published-8080")
    static let docker29 = load("docker-29.0-two-bridges-from-moby-docs", otherInterfaces: ["bridge1"])

    /// Reads one fixture of `Tests/Fixtures/docker-iptables/`; a missing fixture is an empty dump,
    /// which the tests then report.
    static func load(_ name: String, otherInterfaces: [String] = []) -> DockerDump {
        let text = (try? String(contentsOfFile: Repository.fixture("docker-iptables/\(name).save"), encoding: .utf8)) ?? ""
        return DockerDump(name: name, v4: text, otherInterfaces: otherInterfaces)
    }
}
