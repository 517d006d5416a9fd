/// Whether INPUT accepts every packet of an interface that is not Docker's: the firewall is then
/// open on it, whatever its rules say. Fine are `lo`, the `docker*`, `br-*` and `veth*` patterns,
/// and bridges (a Docker network with its own bridge name) that carry no default route and have
/// no hardware behind them; any other interface is exposed. `iptfleet status` reports it.
public enum InputExposure {
    /// The exposed interfaces of `facts`, each with why, sorted by name; empty when none is.
    public static func exposed(_ facts: HostFacts) -> [String] {
        facts.inputAcceptedInterfaces.sorted { $0.key < $1.key }.compactMap { name, kind in
            if name == "lo" || ["docker", "br-", "veth"].contains(where: name.hasPrefix) { return nil }
            switch kind {
            case .bridge, .absent: return nil
            case .uplink: return "\(name) (a default route leaves by it)"
            case .hardware: return "\(name) (a hardware interface)"
            case .other: return "\(name) (not a bridge)"
            }
        }
    }
}
