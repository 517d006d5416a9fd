import Foundation

/// An inbound rule as a test writes it (`iptables_allow_rules` / `docker_published_rules`).
struct TestRule: Sendable {
    var desc: String
    var proto = "tcp"
    /// Ports as iptables writes them: `"8443"`, `"9000:9001"`; several make a list.
    var ports: [String]
    /// CIDRs with explicit prefix lengths (as iptables-save prints them).
    var from: [String] = ["0.0.0.0/0"]

    var variable: [String: Any] {
        let values: [Any] = ports.map { Int($0).map { $0 as Any } ?? $0 }
        return ["desc": desc, "proto": proto, "port": values.count == 1 ? values[0] : values, "from": from]
    }

    /// `desc` as iptables-save prints a comment.
    var savedComment: String { Self.saved(desc) }

    static func saved(_ comment: String) -> String {
        comment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? comment : "\"\(comment)\""
    }

    /// The sources of `family`: nil for "anyone", otherwise the CIDRs of that family.
    func sources(_ family: AddressFamily) -> [String?] { TestPolicy.sources(from, family) }
}
