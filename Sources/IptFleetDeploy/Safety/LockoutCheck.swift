import Foundation
import IptFleetCore

/// Refuses a policy that would not let the controller's own SSH connection back in (Docs/design.md, safety model):
/// before connecting, with the source address the kernel would use to reach the host (a route
/// look-up, no packet is sent); once connected, with the address and port the host itself sees
/// (`$SSH_CONNECTION`, which also catches NAT).
public enum LockoutCheck {
    /// A host the pre-flight check refuses, with why.
    public struct Refusal: Sendable, Equatable {
        public let host: String
        public let reason: String
    }

    /// The pre-flight refusals stopped the run: nothing was sent to any host.
    public struct LockedOut: Error, Sendable, Equatable {
        public let refusals: [Refusal]

        /// One error line per refused host.
        public var lines: [String] { refusals.map { "\($0.host): \($0.reason) (--force overrides)" } }
    }

    /// The pre-flight check of a run, before any connection: every host a deploy changes must
    /// admit the SSH connection this machine would make to it. Throws `LockedOut` when some do
    /// not; with `force`, returns one warning per such host instead (the run goes on, loudly).
    public static func preflight(_ targets: [HostTarget], operation: HostOperation, force: Bool) throws(LockedOut) -> [String] {
        guard operation == .deploy else { return [] }
        let refusals = targets.compactMap { target in beforeConnecting(target).map { Refusal(host: target.name, reason: $0) } }
        guard force || refusals.isEmpty else { throw LockedOut(refusals: refusals) }
        return refusals.map { "--force: \($0.host): \($0.reason); going on, the host's rollback timer is the only safety left" }
    }

    /// Why the policy would lock the controller out of `target` before any connection; nil when
    /// it admits the controller, or when the source cannot be known yet (the probe checks again):
    /// no route, or a jump host in between (the host then sees the jump host, not us). A `local`
    /// host makes no connection: its probe reports the operator's own SSH session, if any.
    static func beforeConnecting(_ target: HostTarget) -> String? {
        guard !target.configuration.policy.uninstall, target.connectionType == .ssh, target.ssh.jumpHosts.isEmpty else { return nil }
        guard let source = LocalRoute.sourceAddress(toward: target.ssh.bareHost, port: target.ssh.port) else { return nil }
        return refusal(target.configuration.policy, client: source, port: target.ssh.port, seenBy: "this machine's route to the host")
    }

    /// Why the policy would lock out the connection the host reported in the probe: iptfleet's
    /// own, or on a `local` host the operator's SSH session iptfleet runs in.
    static func afterProbe(_ facts: HostFacts, policy: FirewallPolicy, connectionType: ConnectionType = .ssh) -> String? {
        guard let seen = facts.sshConnection, seen.serverPort > 0 else { return nil }
        return refusal(policy, client: seen.clientAddress, port: seen.serverPort, seenBy: "the host ($SSH_CONNECTION)",
                       whom: connectionType == .local ? "the SSH session iptfleet runs in" : "iptfleet")
    }

    private static func refusal(_ policy: FirewallPolicy, client: String, port: Int, seenBy: String, whom: String = "iptfleet") -> String? {
        guard !policy.admitsSSH(from: client, port: port) else { return nil }
        let admitted = policy.sshSources.networks.map(\.description).joined(separator: ", ")
        return "the new rules would lock \(whom) out: SSH from \(client) to port \(port) (as seen by \(seenBy)) is not admitted "
            + "(ssh_allow_cidr: \(admitted.isEmpty ? "nothing" : admitted), SSH port \(policy.sshPort)); "
            + "add \(client) to ssh_allow_cidr"
    }
}
