import Foundation
import IptFleetCore

/// Refuses a policy that would not let the controller's own SSH connection back in (Docs/design.md, safety model):
/// before connecting, with the source address the kernel would use to reach the host (a route
/// look-up, no packet is sent); once connected, with the address and port the host itself sees
/// (`$SSH_CONNECTION`, which also catches NAT).
public enum LockoutCheck {
    /// Why the policy would lock the controller out of `target` before any connection; nil when
    /// it admits the controller, or when the source cannot be known yet (the probe checks again):
    /// no route, or a jump host in between (the host then sees the jump host, not us). A `local`
    /// host makes no connection: its probe reports the operator's own SSH session, if any.
    public static func beforeConnecting(_ target: HostTarget) -> String? {
        guard !target.configuration.policy.uninstall, target.connectionType == .ssh, target.ssh.jumpHosts.isEmpty else { return nil }
        guard let source = localSource(toward: target.ssh.host, port: target.ssh.port) else { return nil }
        return refusal(target.configuration.policy, client: source, port: target.ssh.port, seenBy: "this machine's route to the host")
    }

    /// Why the policy would lock out the connection the host reported in the probe: iptfleet's
    /// own, or on a `local` host the operator's SSH session iptfleet runs in.
    static func afterProbe(_ facts: HostFacts, policy: FirewallPolicy, connectionType: ConnectionType = .ssh) -> String? {
        guard !facts.sshClientAddress.isEmpty, facts.sshServerPort > 0 else { return nil }
        return refusal(policy, client: facts.sshClientAddress, port: facts.sshServerPort, seenBy: "the host ($SSH_CONNECTION)",
                       whom: connectionType == .local ? "the SSH session iptfleet runs in" : "iptfleet")
    }

    private static func refusal(_ policy: FirewallPolicy, client: String, port: Int, seenBy: String, whom: String = "iptfleet") -> String? {
        guard !policy.admitsSSH(from: client, port: port) else { return nil }
        let admitted = policy.sshSources.networks.map(\.description).joined(separator: ", ")
        return "the new rules would lock \(whom) out: SSH from \(client) to port \(port) (as seen by \(seenBy)) is not admitted "
            + "(ssh_allow_cidr: \(admitted.isEmpty ? "nothing" : admitted), SSH port \(policy.sshPort)); "
            + "add \(client) to ssh_allow_cidr"
    }

    /// The local address a connection to `host` would come from, found by connecting a UDP
    /// socket (which sends nothing) and reading its address back.
    static func localSource(toward host: String, port: Int) -> String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(bare, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(first.pointee.ai_family, Int32(SOCK_DGRAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { Glibc.close(socket) }
        guard Glibc.connect(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let resolved = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST)
            }
        }
        guard resolved == 0 else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
