/// `iptables-save` output as data: tables of chains, each with its policy (`-` for user chains)
/// and its rules in order. Comment lines and packet counters are dropped, so two saves of the
/// same rules compare equal whatever their counters, dates and table order.
struct Ruleset: Equatable, CustomStringConvertible {
    /// One chain: its policy and rules (each rule as saved, without counters).
    struct Chain: Equatable {
        var policy: String
        var rules: [String] = []
    }

    /// Chains by name, per table name.
    private(set) var tables: [String: [String: Chain]] = [:]

    /// The chain name prefix of everything the firewall script owns.
    static let ownPrefix = "IPTFLEET-"

    init(save text: String) {
        var table = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = String(rawLine)
            if line.hasPrefix("#") || line == "COMMIT" { continue }
            if line.hasPrefix("["), let space = line.firstIndex(of: " ") { line = String(line[line.index(after: space)...]) }
            if line.hasPrefix("*") {
                table = String(line.dropFirst())
                tables[table] = tables[table] ?? [:]
            } else if line.hasPrefix(":") {
                let fields = line.dropFirst().split(separator: " ")
                tables[table, default: [:]][String(fields[0])] = Chain(policy: fields.count > 1 ? String(fields[1]) : "-")
            } else if line.hasPrefix("-A ") {
                let chain = String(line.split(separator: " ")[1])
                tables[table, default: [:]][chain, default: Chain(policy: "?")].rules.append(line)
            }
        }
    }

    func chain(_ name: String, table: String = "filter") -> Chain? { tables[table]?[name] }

    /// Everything but the firewall's own part: no `IPTFLEET-*` chains, no jumps to them, and the
    /// INPUT and OUTPUT policies of `filter` (which the firewall sets) blanked out.
    var withoutFirewall: Ruleset {
        var copy = self
        guard var filter = copy.tables["filter"] else { return copy }
        for name in filter.keys where name.hasPrefix(Self.ownPrefix) { filter[name] = nil }
        for name in filter.keys {
            filter[name]?.rules.removeAll { $0.contains(" -j \(Self.ownPrefix)") }
        }
        for name in ["INPUT", "OUTPUT"] { filter[name]?.policy = "*" }
        copy.tables["filter"] = filter
        return copy
    }

    /// The firewall's own part of `filter`, as lines: the INPUT and OUTPUT policies, the jumps
    /// into its chains (with the chain they sit in), then each of its chains sorted by name.
    var firewallPart: [String] {
        guard let filter = tables["filter"] else { return [] }
        var lines = ["policy INPUT \(filter["INPUT"]?.policy ?? "?")", "policy OUTPUT \(filter["OUTPUT"]?.policy ?? "?")"]
        for name in filter.keys.sorted() where !name.hasPrefix(Self.ownPrefix) {
            lines += filter[name]!.rules.filter { $0.contains(" -j \(Self.ownPrefix)") }
        }
        for name in filter.keys.sorted() where name.hasPrefix(Self.ownPrefix) {
            lines.append(":\(name)")
            lines += filter[name]!.rules
        }
        return lines
    }

    var description: String {
        tables.keys.sorted().map { table in
            "*\(table)\n" + tables[table]!.keys.sorted().map { name in
                let chain = tables[table]![name]!
                return ([":\(name) \(chain.policy)"] + chain.rules).joined(separator: "\n")
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
