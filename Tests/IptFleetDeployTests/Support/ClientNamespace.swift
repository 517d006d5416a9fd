import Foundation
import TestSupport

/// A second client on the lab bridge: a network namespace with a veth on `iptflbr0` and its own
/// lab address, so that probes come from a source other than the controller (10.231.128.1).
/// Call `remove()` when done (also on failure).
struct ClientNamespace: Sendable {
    /// The namespace (`ip netns exec NAME …`).
    let name: String
    /// Its address on the lab bridge.
    let address: String
    private let rootVeth: String

    /// Creates the namespace with `address` = `<lab subnet>.<octet>`; refuses an address that
    /// answers on the bridge already. Use octets from 250 up: `Scripts/lab` allocates from 2 up.
    init(octet: Int, subnet: String = "10.231.128", bridge: String = "iptflbr0") throws {
        name = "iptfleet-dkc\(octet)"
        address = "\(subnet).\(octet)"
        rootVeth = "iptfldkc\(octet)"
        // A namespace of an earlier, killed run.
        _ = try? ClientNamespace.shell("ip netns del \(name) 2>/dev/null; ip link del \(rootVeth) 2>/dev/null; true")
        if try ClientNamespace.shell("ping -c 1 -W 1 \(address) >/dev/null 2>&1").status == 0 {
            throw LabFleet.Failure(description: "\(address) is in use on \(bridge); pick another octet for the client")
        }
        let setup = [
            "ip netns add \(name)",
            "ip link add \(rootVeth) type veth peer name eth0 netns \(name)",
            "ip -n \(name) addr add \(address)/24 dev eth0",
            "ip -n \(name) link set lo up",
            "ip -n \(name) link set eth0 up",
            "ip link set \(rootVeth) master \(bridge) up",
        ].joined(separator: " && ")
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
