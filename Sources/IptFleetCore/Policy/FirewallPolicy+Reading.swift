/// Reading the firewall policy's own value types: networks, rules and their fields, firewall
/// managers and the iptables backend, each checked as `VariableReader` checks a plain value.
extension VariableReader {
    /// The keys a rule may have.
    static let ruleKeys: Set<String> = ["desc", "proto", "port", "from"]

    /// A list of firewall managers (`FirewallManagerServices`): iptfleet stops no other unit.
    mutating func firewallServices(_ name: HostVariable) -> [String] {
        guard let variable = required(name) else { return [] }
        guard case .list(let items) = variable.value else {
            fail(name.rawValue, "expected a list of names, got \(shown(variable.value, of: name.rawValue))")
            return []
        }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, FirewallManagerServices.isKnown(text) else {
                fail("\(name.rawValue)[\(index)]", "\(shown(item, of: name.rawValue)) is not a firewall manager: iptfleet stops and disables only \(FirewallManagerServices.known.sorted().joined(separator: ", ")) (stopping any other unit, such as ssh or docker, could cut the host off)", at: variable.origin(ofElement: index))
                continue
            }
            names.append(text)
        }
        return names
    }

    mutating func backend(_ name: HostVariable) -> FirewallPolicy.Backend {
        guard let variable = required(name) else { return .auto }
        guard case .string(let text) = variable.value, let backend = FirewallPolicy.Backend(rawValue: text) else {
            fail(name.rawValue, "expected one of auto, nft, legacy, got \(shown(variable.value, of: name.rawValue))")
            return .auto
        }
        return backend
    }

    /// A CIDR or a list of CIDRs.
    mutating func sources(_ name: HostVariable) -> SourceSet {
        guard let variable = required(name) else { return SourceSet([]) }
        return sources(variable.value, label: name.rawValue, origin: variable.origin)
    }

    /// A list of `{desc, proto, port, from}` rules.
    mutating func rules(_ name: HostVariable) -> [FirewallPolicy.Rule] {
        guard let variable = required(name) else { return [] }
        if case .null = variable.value { return [] }
        guard case .list(let items) = variable.value else {
            fail(name.rawValue, "expected a list of rules ({desc, proto, port, from}), got \(shown(variable.value, of: name.rawValue))")
            return []
        }
        return items.enumerated().compactMap { index, item in
            rule(item, label: "\(name.rawValue)[\(index)]", origin: variable.origin(ofElement: index))
        }
    }

    /// One rule, or nil (with its errors recorded) when any of its fields is bad.
    private mutating func rule(_ item: VariableValue, label: String, origin: VariableOrigin) -> FirewallPolicy.Rule? {
        guard case .dict(let fields) = item else {
            fail(label, "expected a mapping with desc, proto, port and from, got \(shown(item, of: label))", at: origin)
            return nil
        }
        for key in fields.keys.sorted() where !Self.ruleKeys.contains(key) {
            let hint = NameSuggester.suggestion(for: key, among: Self.ruleKeys).map { " (did you mean '\($0)'?)" } ?? ""
            fail(label, "unknown key '\(key)'\(hint); a rule has desc, proto, port and from", at: origin)
        }
        let errorCount = errors.count
        let description = ruleDescription(fields["desc"], label: label, origin: origin)
        let proto = ruleProtocol(fields["proto"], label: label, origin: origin)
        var ports = PortSpec.placeholder
        if let port = fields["port"] {
            do { ports = try PortSpec(port) } catch { fail("\(label).port", isSecret(label) ? "is not a valid port spec (a value from a vault, not shown)" : error.description, at: origin) }
        } else {
            fail("\(label).port", "is missing", at: origin)
        }
        let sources = sources(fields["from"] ?? .string("0.0.0.0/0"), label: "\(label).from", origin: origin)
        guard errors.count == errorCount else { return nil }
        return FirewallPolicy.Rule(description: description, proto: proto, ports: ports, sources: sources)
    }

    private mutating func sources(_ value: VariableValue, label: String, origin: VariableOrigin) -> SourceSet {
        let items: [VariableValue]
        switch value {
        case .list(let list): items = list
        default: items = [value]
        }
        var networks: [CIDR] = []
        let errorCount = errors.count
        for item in items {
            guard case .string(let text) = item, let cidr = CIDR(text.trimmingCharacters(in: .whitespaces)) else {
                fail(label, "\(shown(item, of: label)) is not a valid IPv4 or IPv6 network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)", at: origin)
                continue
            }
            networks.append(cidr)
        }
        if networks.isEmpty, errors.count == errorCount {
            fail(label, "needs at least one network; use 0.0.0.0/0 for anyone", at: origin)
        }
        return SourceSet(networks)
    }

    private mutating func ruleDescription(_ value: VariableValue?, label: String, origin: VariableOrigin) -> String {
        guard case .string(let text)? = value, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            fail("\(label).desc", "needs a non-empty description (it becomes the rule's iptables comment)", at: origin)
            return ""
        }
        let forbidden = text.first { !$0.isASCII || $0.asciiValue! < 0x20 || $0.asciiValue! == 0x7F || "\"\\`$".contains($0) }
        if let forbidden {
            fail("\(label).desc", "must be printable ASCII without \", \\, ` or $ (found \(forbidden.debugDescription))", at: origin)
        } else if text.count > 200 {
            fail("\(label).desc", "is \(text.count) characters long; iptables comments hold at most 200 here", at: origin)
        }
        return text
    }

    private mutating func ruleProtocol(_ value: VariableValue?, label: String, origin: VariableOrigin) -> FirewallPolicy.TransportProtocol {
        guard case .string(let text)? = value, let proto = FirewallPolicy.TransportProtocol(rawValue: text.lowercased()) else {
            let got = value.map { shown($0, of: label) } ?? "nothing"
            let known = FirewallPolicy.TransportProtocol.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            fail("\(label).proto", "expected one of \(known), got \(got)", at: origin)
            return .tcp
        }
        return proto
    }
}

extension PortSpec {
    /// Stands in for a port spec that failed to parse, so checking can go on.
    static let placeholder = try! PortSpec(.int(1))
}
