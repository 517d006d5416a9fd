/// A Docker engine the lab boots hosts with: one `Scripts/lab` flavour each.
enum DockerEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case v20_10 = "docker-20.10"
    case v26_1 = "docker-26.1"
    case v28 = "docker-28"

    /// The `Scripts/lab --flavour` that boots hosts with this engine.
    var flavour: String { rawValue }

    var description: String {
        switch self {
        case .v20_10: "Docker 20.10 (Debian 12 docker.io)"
        case .v26_1: "Docker 26.1 (Debian 13 docker.io)"
        case .v28: "Docker 28 (Debian testing docker.io on Debian 13)"
        }
    }

    /// A short lab-name stem (lab names of this work start with `dk`).
    var stem: String {
        switch self {
        case .v20_10: "dk20"
        case .v26_1: "dk26"
        case .v28: "dk28"
        }
    }

    /// `/etc/docker/daemon.json` that gives the default bridge IPv6 with Docker's ip6tables rules
    /// (NAT for published ports, as for IPv4); before Docker 27, `ip6tables` is experimental.
    var ipv6DaemonConfig: String {
        let experimental = self == .v28 ? "" : #", "experimental": true"#
        return #"{"ipv6": true, "fixed-cidr-v6": "fd00:dc::/64", "ip6tables": true\#(experimental)}"#
    }

    /// The chains `FORWARD` must jump to for containers to keep working: Docker ≥ 28 also
    /// routes through `DOCKER-FORWARD`.
    var forwardChains: [String] {
        self == .v28 ? ["DOCKER-USER", "DOCKER-FORWARD"] : ["DOCKER-USER"]
    }
}
