import Testing

/// The two iptables implementations Debian ships, named explicitly so tests never depend on
/// the machine's `update-alternatives` choice.
enum IptablesBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case nft, legacy

    /// `iptables-nft`, `ip6tables-legacy`, …
    func tool(_ family: AddressFamily) -> String { "\(family.toolBase)-\(rawValue)" }

    var testDescription: String { rawValue }

    /// `iptables-save` output of every table of `family` in `namespace`.
    func save(_ family: AddressFamily, in namespace: NetworkNamespace) throws -> String {
        try namespace.exec(["\(tool(family))-save"])
    }

    /// Loads `dump` with `iptables-restore` (only the tables it names are replaced).
    func restore(_ dump: String, _ family: AddressFamily, in namespace: NetworkNamespace) throws {
        try namespace.exec(["\(tool(family))-restore"], input: dump.hasSuffix("\n") ? dump : dump + "\n")
    }
}
