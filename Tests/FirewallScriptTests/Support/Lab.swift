import Foundation
import Testing
import TestSupport

/// Whether this machine can run the network-namespace tests, and why not.
enum Lab {
    /// Nil when the lab works here; otherwise a one-line reason for skipping.
    static let unavailableReason: String? = {
        guard getuid() == 0 else { return "needs root (creates network namespaces and iptables rules)" }
        guard (try? ProcessRunner.run(["ip", "netns", "list"]))?.succeeded == true else { return "`ip netns` is not available (install iproute2)" }
        for tool in ["iptables-nft", "iptables-legacy", "ip6tables-nft", "ip6tables-legacy"] {
            guard (try? ProcessRunner.run(["sh", "-c", "command -v \(tool)"]))?.succeeded == true else {
                return "\(tool) is missing (install iptables)"
            }
        }
        for (program, package) in [("/usr/bin/python3", "python3-minimal"), ("/usr/bin/mawk", "mawk"),
                                   ("/usr/bin/gawk", "gawk"), ("/usr/bin/busybox", "busybox")] where !hasProgram(program) {
            return "\(program) is missing (install \(package))"
        }
        return nil
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    /// Why the lab tests are skipped here (shown by the test runner).
    static let requirement = Comment(rawValue: unavailableReason ?? "needs root, ip netns, iptables-nft and iptables-legacy")

    /// The awk implementations the script must work with, by the path tests link as `awk`.
    static let awks: [String: String] = ["mawk": "/usr/bin/mawk", "gawk": "/usr/bin/gawk", "busybox": "/usr/bin/busybox"]

    static func hasProgram(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }
}
