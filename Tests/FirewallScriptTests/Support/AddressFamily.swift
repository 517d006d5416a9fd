/// IPv4 (iptables) or IPv6 (ip6tables).
enum AddressFamily: String, CaseIterable, Sendable {
    case v4, v6

    var toolBase: String { self == .v4 ? "iptables" : "ip6tables" }
}
