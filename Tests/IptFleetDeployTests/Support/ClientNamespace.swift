import Foundation
import TestSupport

/// A second client on the lab bridge: a network namespace with a veth on `iptflbr0` and its own
/// lab addresses (IPv4, and IPv6 when the lab has a /64), so that probes come from a source
/// other than the controller (10.231.128.1, fd69:7074:666c:80::1). Call `remove()` when done
/// (also on failure).
struct ClientNamespace: Sendable {
    /// The namespace (`ip netns exec NAME …`).
    let name: String
    /// Its address on the lab bridge.
    let address: String
    /// Its IPv6 address on the lab bridge, when `subnet6` was given.
    let address6: String?
    private let rootVeth: String

    /// Host numbers a client may take: `Scripts/lab` allocates hosts from 2 up.
    static let octets = 240...253

    /// Creates the namespace on the first free host number of `octets`: `<subnet>.<n>` (and
    /// `<subnet6>::<n>`). A number is free when no namespace of ours holds it (`ip netns add`
    /// refuses an existing name, so concurrent tests never share one) and nothing answers on it.
    init(subnet: String = "10.231.128", subnet6: String? = nil, bridge: String = "iptflbr0") throws {
        for octet in Self.octets {
            let name = "iptfleet-dkc\(octet)"
            guard try ClientNamespace.shell("ip netns add \(name) 2>/dev/null").status == 0 else { continue }
            let candidate = ClientNamespace(name: name, address: "\(subnet).\(octet)", address6: subnet6.map { "\($0)::\(octet)" },
                                            rootVeth: "iptfldkc\(octet)")
            if try ClientNamespace.shell("ping -c 1 -W 1 \(candidate.address) >/dev/null 2>&1").status == 0 {
                candidate.remove()
                continue
            }
            try candidate.plug(into: bridge)
            self = candidate
            return
        }
        throw LabFleet.Failure(description: "no free client address in \(subnet).\(Self.octets.lowerBound)-\(Self.octets.upperBound)"
            + " (leftover namespaces iptfleet-dkc*? see `ip netns list`)")
    }

    private init(name: String, address: String, address6: String?, rootVeth: String) {
        self.name = name
        self.address = address
        self.address6 = address6
        self.rootVeth = rootVeth
    }

    /// Deletes the namespace and its veth. Idempotent.
    func remove() {
        _ = try? ClientNamespace.shell("ip netns del \(name) 2>/dev/null; ip link del \(rootVeth) 2>/dev/null; true")
    }

    private func plug(into bridge: String) throws {
        var steps = [
            "ip link add \(rootVeth) type veth peer name eth0 netns \(name)",
            "ip -n \(name) addr add \(address)/24 dev eth0",
            "ip -n \(name) link set lo up",
            "ip -n \(name) link set eth0 up",
            "ip link set \(rootVeth) master \(bridge) up",
        ]
        if let address6 { steps.insert("ip -n \(name) addr add \(address6)/64 dev eth0 nodad", at: 2) }
        let result = try ClientNamespace.shell(steps.joined(separator: " && "))
        guard result.status == 0 else {
            remove()
            throw LabFleet.Failure(description: "cannot set up client namespace \(name): \(result)")
        }
    }

    private static func shell(_ command: String) throws -> ProcessRunner.Result {
        try ProcessRunner.run("/bin/sh", ["-c", command])
    }
}
