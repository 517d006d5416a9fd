import Foundation
import TestSupport

/// A second client on the lab bridge: a network namespace with a veth on `iptflbr0` and its own
/// lab addresses (IPv4, and IPv6 when the lab has a /64), so that probes come from a source
/// other than the controller (10.231.128.1, fd69:7074:666c:80::1).
/// Call `remove()` when done (also on failure).
struct ClientNamespace: Sendable {
    /// The namespace (`ip netns exec NAME …`).
    let name: String
    /// Its address on the lab bridge.
    let address: String
    /// Its IPv6 address on the lab bridge, when `subnet6` was given.
    let address6: String?
    private let rootVeth: String

    /// Creates the namespace with `address` = `<subnet>.<octet>` (and `<subnet6>::<octet>`);
    /// refuses an address that answers on the bridge already. Use octets from 250 up:
    /// `Scripts/lab` allocates from 2 up.
    init(octet: Int, subnet: String = "10.231.128", subnet6: String? = nil, bridge: String = "iptflbr0") throws {
        name = "iptfleet-dkc\(octet)"
        address = "\(subnet).\(octet)"
        address6 = subnet6.map { "\($0)::\(octet)" }
        rootVeth = "iptfldkc\(octet)"
        // A namespace of an earlier, killed run.
        _ = try? ClientNamespace.shell("ip netns del \(name) 2>/dev/null; ip link del \(rootVeth) 2>/dev/null; true")
        if try ClientNamespace.shell("ping -c 1 -W 1 \(address) >/dev/null 2>&1").status == 0 {
            throw LabFleet.Failure(description: "\(address) is in use on \(bridge); pick another octet for the client")
        }
        var steps = [
            "ip netns add \(name)",
            "ip link add \(rootVeth) type veth peer name eth0 netns \(name)",
            "ip -n \(name) addr add \(address)/24 dev eth0",
            "ip -n \(name) link set lo up",
            "ip -n \(name) link set eth0 up",
            "ip link set \(rootVeth) master \(bridge) up",
        ]
        if let address6 { steps.insert("ip -n \(name) addr add \(address6)/64 dev eth0 nodad", at: 3) }
        let setup = steps.joined(separator: " && ")
        let result = try ClientNamespace.shell(setup)
        guard result.status == 0 else {
            remove()
            throw LabFleet.Failure(description: "cannot create client namespace \(name): \(result)")
        }
    }

    /// Deletes the namespace and its veth. Idempotent.
    func remove() {
        _ = try? ClientNamespace.shell("ip netns del \(name) 2>/dev/null; ip link del \(rootVeth) 2>/dev/null; true")
    }

    private static func shell(_ command: String) throws -> ProcessRunner.Result {
        try ProcessRunner.run("/bin/sh", ["-c", command])
    }
}
