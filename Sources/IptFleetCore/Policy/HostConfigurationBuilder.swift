/// Builds a `HostConfiguration` from a host's merged variables, checking every value and
/// collecting every problem (not just the first) with the file and line it came from.
public struct HostConfigurationBuilder: Sendable {
    /// Variables iptfleet reads; any other name close to one of these gets a warning.
    public static let knownVariables = Set([
        "docker_preserve", "swarm_enabled", "swarm_cidr", "swarm_overlay_encryption", "ssh_allow_cidr",
        "ebable_icmp_messages", "enable_icmp_messages", "iptables_allow_rules", "docker_published_rules",
        "iptables_docker_uninstall", "firewall_services", "iptables_backend", "iptables_ipv6", "iptables_backup_keep",
        "ansible_host", "ansible_port", "ansible_user", "ansible_ssh_private_key_file", "ansible_become",
        "ansible_become_user", "ansible_password", "ansible_become_password", "ansible_ssh_common_args",
        "ansible_ssh_extra_args", "ansible_connection", "ansible_python_interpreter", "ansible_group_priority",
    ] + ConnectionVariableAliases.all.joined())

    /// The variables templated before a host is checked: those iptfleet reads (not the ones it
    /// recognises but ignores, such as `ansible_password`, which may rely on what iptfleet lacks).
    public static let templatedVariables = knownVariables.subtracting([
        "ansible_password", "ansible_become_password", "ansible_connection", "ansible_python_interpreter",
        "ansible_group_priority",
    ] + ConnectionVariableAliases.password)

    static let ruleKeys: Set<String> = ["desc", "proto", "port", "from"]
    static let protocols: Set<String> = ["tcp", "udp", "sctp", "udplite", "dccp"]

    public init() {}

    /// The result of checking one host.
    public struct Outcome: Sendable {
        public let configuration: HostConfiguration?
        public let errors: [ConfigurationIssue]
        public let warnings: [ConfigurationIssue]
    }

    public func build(host: String, variables: VariableSet) -> Outcome {
        var reader = VariableReader(host: host, variables: variables)
        for name in variables.keys.sorted() where !Self.knownVariables.contains(name) {
            if let suggestion = NameSuggester.suggestion(for: name, among: Self.knownVariables) {
                reader.warn(name, "unknown variable; did you mean '\(suggestion)'?")
            }
        }
        if variables["ebable_icmp_messages"] != nil, variables["enable_icmp_messages"] != nil {
            reader.warn("enable_icmp_messages", "both 'ebable_icmp_messages' (upstream spelling) and 'enable_icmp_messages' are set; 'enable_icmp_messages' wins")
        }
        let icmpName = variables["enable_icmp_messages"] != nil ? "enable_icmp_messages" : "ebable_icmp_messages"

        // Each setting from the alias Ansible's ssh plugin would use (ansible_ssh_port over ansible_port…).
        let alias = { (names: [String]) in ConnectionVariableAliases.effectiveName(names, in: variables) }
        let portName = alias(ConnectionVariableAliases.port)
        let port = portName.map { reader.port($0, default: 22) } ?? 22
        let connection = HostConnection(
            address: alias(ConnectionVariableAliases.host).map { reader.string($0, default: host) } ?? host,
            port: port,
            portIsSet: portName != nil,
            user: alias(ConnectionVariableAliases.user).flatMap { reader.optionalString($0) },
            privateKeyFile: alias(ConnectionVariableAliases.privateKeyFile).flatMap { reader.optionalString($0) },
            become: variables["ansible_become"] != nil ? reader.bool("ansible_become", default: false) : nil,
            becomeUser: reader.optionalString("ansible_become_user"),
            sshArguments: ["ansible_ssh_common_args", "ansible_ssh_extra_args"].compactMap { name in
                guard let variable = variables[name], case .string(let text) = variable.value, !text.isEmpty else { return nil }
                return SSHArgumentsVariable(name: name, value: text, origin: variable.origin.description)
            },
            type: reader.optionalString("ansible_connection").map {
                ConnectionTypeSetting(name: $0, origin: "ansible_connection, \(variables["ansible_connection"]?.origin.description ?? "?")")
            }
        )
        let policy = FirewallPolicy(
            dockerPreserve: reader.bool("docker_preserve"),
            swarmEnabled: reader.bool("swarm_enabled"),
            swarmSources: reader.sources("swarm_cidr"),
            swarmOverlayEncryption: reader.bool("swarm_overlay_encryption"),
            sshPort: port,
            sshSources: reader.sources("ssh_allow_cidr"),
            icmpEnabled: reader.bool(icmpName),
            allowRules: reader.rules("iptables_allow_rules"),
            publishedRules: reader.rules("docker_published_rules"),
            uninstall: reader.bool("iptables_docker_uninstall"),
            firewallServices: reader.firewallServices("firewall_services"),
            backend: reader.backend("iptables_backend"),
            ipv6: reader.bool("iptables_ipv6"),
            backupKeep: reader.integer("iptables_backup_keep", in: 1...1000)
        )
        let configuration = reader.errors.isEmpty ? HostConfiguration(name: host, connection: connection, policy: policy) : nil
        return Outcome(configuration: configuration, errors: reader.errors, warnings: reader.warnings)
    }
}

/// Reads typed values out of a host's variables, recording a `ConfigurationIssue` for each bad
/// or missing one and returning a placeholder so checking can go on.
struct VariableReader {
    let host: String
    let variables: VariableSet
    private(set) var errors: [ConfigurationIssue] = []
    private(set) var warnings: [ConfigurationIssue] = []

    init(host: String, variables: VariableSet) {
        self.host = host
        self.variables = variables
    }

    mutating func fail(_ name: String, _ message: String, at origin: VariableOrigin? = nil) {
        errors.append(ConfigurationIssue(host: host, variable: name, origin: origin ?? variables[name]?.origin, message: message))
    }

    mutating func warn(_ name: String, _ message: String) {
        warnings.append(ConfigurationIssue(host: host, variable: name, origin: variables[name]?.origin, message: message))
    }

    /// The variable, or an error saying that it has no value (the defaults file should give one).
    mutating func required(_ name: String) -> Variable? {
        guard let variable = variables[name] else {
            fail(name, "has no value; the defaults (GroupVars/all.yml, or --defaults) should define it")
            return nil
        }
        return variable
    }

    mutating func bool(_ name: String, default fallback: Bool? = nil) -> Bool {
        guard let variable = fallback == nil ? required(name) : variables[name] else { return fallback ?? false }
        guard let flag = AnsibleBoolean.value(of: variable.value) else {
            fail(name, "expected a boolean (yes/no, true/false, on/off, 1/0), got \(shown(variable.value, of: name))")
            return false
        }
        return flag
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int {
        guard let variable = required(name) else { return range.lowerBound }
        guard case .int(let number)? = Inventory.integerValue(variable.value), range.contains(number) else {
            fail(name, "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(shown(variable.value, of: name))")
            return range.lowerBound
        }
        return number
    }

    mutating func port(_ name: String, default fallback: Int) -> Int {
        guard let variable = variables[name] else { return fallback }
        guard case .int(let number)? = Inventory.integerValue(variable.value), (1...65535).contains(number) else {
            fail(name, "expected a port number from 1 to 65535, got \(shown(variable.value, of: name))")
            return fallback
        }
        return number
    }

    mutating func string(_ name: String, default fallback: String) -> String {
        optionalString(name) ?? fallback
    }

    mutating func optionalString(_ name: String) -> String? {
        guard let variable = variables[name] else { return nil }
        switch variable.value {
        case .string(let text) where !text.isEmpty: return text
        case .int(let number): return String(number)
        default:
            fail(name, "expected a non-empty string, got \(shown(variable.value, of: name))")
            return nil
        }
    }

    /// A list of firewall managers (`FirewallManagerServices`): iptfleet stops no other unit.
    mutating func firewallServices(_ name: String) -> [String] {
        guard let variable = required(name) else { return [] }
        guard case .list(let items) = variable.value else {
            fail(name, "expected a list of names, got \(shown(variable.value, of: name))")
            return []
        }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, FirewallManagerServices.isKnown(text) else {
                fail("\(name)[\(index)]", "\(shown(item, of: name)) is not a firewall manager: iptfleet stops and disables only \(FirewallManagerServices.known.sorted().joined(separator: ", ")) (stopping any other unit, such as ssh or docker, could cut the host off)", at: variable.origin(ofElement: index))
                continue
            }
            names.append(text)
        }
        return names
    }

    mutating func backend(_ name: String) -> FirewallPolicy.Backend {
        guard let variable = required(name) else { return .auto }
        guard case .string(let text) = variable.value, let backend = FirewallPolicy.Backend(rawValue: text) else {
            fail(name, "expected one of auto, nft, legacy, got \(shown(variable.value, of: name))")
            return .auto
        }
        return backend
    }

    /// A CIDR or a list of CIDRs.
    mutating func sources(_ name: String) -> SourceSet {
        guard let variable = required(name) else { return SourceSet([]) }
        return sources(variable.value, name: name, origin: variable.origin)
    }

    mutating func sources(_ value: VariableValue, name: String, origin: VariableOrigin) -> SourceSet {
        let items: [VariableValue]
        switch value {
        case .list(let list): items = list
        default: items = [value]
        }
        var networks: [CIDR] = []
        let errorCount = errors.count
        for item in items {
            guard case .string(let text) = item, let cidr = CIDR(text.trimmingCharacters(in: .whitespaces)) else {
                fail(name, "\(shown(item, of: name)) is not a valid IPv4 or IPv6 network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)", at: origin)
                continue
            }
            networks.append(cidr)
        }
        if networks.isEmpty, errors.count == errorCount {
            fail(name, "needs at least one network; use 0.0.0.0/0 for anyone", at: origin)
        }
        return SourceSet(networks)
    }

    /// A list of `{desc, proto, port, from}` rules.
    mutating func rules(_ name: String) -> [FirewallPolicy.Rule] {
        guard let variable = required(name) else { return [] }
        if case .null = variable.value { return [] }
        guard case .list(let items) = variable.value else {
            fail(name, "expected a list of rules ({desc, proto, port, from}), got \(shown(variable.value, of: name))")
            return []
        }
        var rules: [FirewallPolicy.Rule] = []
        for (index, item) in items.enumerated() {
            let label = "\(name)[\(index)]"
            let origin = variable.origin(ofElement: index)
            guard case .dict(let fields) = item else {
                fail(label, "expected a mapping with desc, proto, port and from, got \(shown(item, of: name))", at: origin)
                continue
            }
            for key in fields.keys.sorted() where !HostConfigurationBuilder.ruleKeys.contains(key) {
                let hint = NameSuggester.suggestion(for: key, among: HostConfigurationBuilder.ruleKeys).map { " (did you mean '\($0)'?)" } ?? ""
                fail(label, "unknown key '\(key)'\(hint); a rule has desc, proto, port and from", at: origin)
            }
            let errorCount = errors.count
            let description = ruleDescription(fields["desc"], label: label, origin: origin)
            let proto = ruleProtocol(fields["proto"], label: label, origin: origin)
            var ports = PortSpec.placeholder
            if let port = fields["port"] {
                do { ports = try PortSpec(port) } catch { fail("\(label).port", isSecret(name) ? "is not a valid port spec (a value from a vault, not shown)" : error.description, at: origin) }
            } else {
                fail("\(label).port", "is missing", at: origin)
            }
            let sources = sources(fields["from"] ?? .string("0.0.0.0/0"), name: "\(label).from", origin: origin)
            if errors.count == errorCount {
                rules.append(FirewallPolicy.Rule(description: description, proto: proto, ports: ports, sources: sources))
            }
        }
        return rules
    }

    mutating func ruleDescription(_ value: VariableValue?, label: String, origin: VariableOrigin) -> String {
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

    mutating func ruleProtocol(_ value: VariableValue?, label: String, origin: VariableOrigin) -> String {
        guard case .string(let text)? = value, HostConfigurationBuilder.protocols.contains(text.lowercased()) else {
            let got = value.map { shown($0, of: label) } ?? "nothing"
            fail("\(label).proto", "expected one of \(HostConfigurationBuilder.protocols.sorted().joined(separator: ", ")), got \(got)", at: origin)
            return "tcp"
        }
        return text.lowercased()
    }

    /// `value` (of the variable `name`, or of an item or field of it: `rules[0].port`) for a
    /// message: as `show` writes it, unless it came from a vault.
    func shown(_ value: VariableValue, of name: String) -> String {
        isSecret(name) ? "a value from a vault (not shown)" : Self.show(value)
    }

    /// Whether the variable `name` (or the one `rules[0].port` is part of) came from a vault.
    func isSecret(_ name: String) -> Bool {
        variables[String(name.prefix { $0 != "[" && $0 != "." })]?.isSecret == true
    }

    /// A value as the user wrote it, for messages.
    static func show(_ value: VariableValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): String(number)
        case .float(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .list: "a list"
        case .dict: "a mapping"
        case .vault: "a vault-encrypted value"
        }
    }
}

extension PortSpec {
    /// Stands in for a port spec that failed to parse, so checking can go on.
    static let placeholder = try! PortSpec(.int(1))
}
