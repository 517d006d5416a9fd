/// Builds a `HostConfiguration` from a host's merged variables, checking every value and
/// collecting every problem (not just the first) with the file and line it came from: which
/// variable fills which field. The variables are declared in `HostVariable`, read by
/// `VariableReader` (the policy's own types in `FirewallPolicy+Reading.swift`).
public struct HostConfigurationBuilder: Sendable {
    public init() {}

    /// The result of checking one host.
    public struct Outcome: Sendable {
        public let configuration: HostConfiguration?
        public let errors: [ConfigurationIssue]
        public let warnings: [ConfigurationIssue]
    }

    public func build(host: String, variables: VariableSet) -> Outcome {
        var reader = VariableReader(host: host, variables: variables)
        for name in variables.keys.sorted() where !HostVariable.names.contains(name) {
            if let suggestion = NameSuggester.suggestion(for: name, among: HostVariable.names) {
                reader.warn(name, "unknown variable; did you mean '\(suggestion)'?")
            }
        }
        if reader.isSet(.icmpMessagesUpstream), reader.isSet(.icmpMessages) {
            reader.warn(HostVariable.icmpMessages.rawValue, "both 'ebable_icmp_messages' (upstream spelling) and 'enable_icmp_messages' are set; 'enable_icmp_messages' wins")
        }
        let icmp: HostVariable = reader.isSet(.icmpMessages) ? .icmpMessages : .icmpMessagesUpstream

        // Each setting from the alias Ansible's ssh plugin would use (ansible_ssh_port over ansible_port…).
        let alias = { (names: [HostVariable]) in ConnectionVariableAliases.effective(names, in: variables) }
        let portVariable = alias(ConnectionVariableAliases.port)
        let port = portVariable.map { reader.port($0, default: 22) } ?? 22
        let connection = HostConnection(
            address: alias(ConnectionVariableAliases.host).map { reader.string($0, default: host) } ?? host,
            port: port,
            portIsSet: portVariable != nil,
            user: alias(ConnectionVariableAliases.user).flatMap { reader.optionalString($0) },
            privateKeyFile: alias(ConnectionVariableAliases.privateKeyFile).flatMap { reader.optionalString($0) },
            become: reader.isSet(.become) ? reader.bool(.become, default: false) : nil,
            becomeUser: reader.optionalString(.becomeUser),
            sshArguments: [HostVariable.sshCommonArgs, .sshExtraArgs].compactMap { name in
                guard let variable = variables[name.rawValue], case .string(let text) = variable.value, !text.isEmpty else { return nil }
                return SSHArgumentsVariable(name: name.rawValue, value: text, origin: variable.origin.description)
            },
            type: reader.optionalString(.connection).map {
                ConnectionTypeSetting(name: $0, origin: "ansible_connection, \(variables[HostVariable.connection.rawValue]?.origin.description ?? "?")")
            }
        )
        let policy = FirewallPolicy(
            dockerPreserve: reader.bool(.dockerPreserve),
            swarmEnabled: reader.bool(.swarmEnabled),
            swarmSources: reader.sources(.swarmCIDR),
            swarmOverlayEncryption: reader.bool(.swarmOverlayEncryption),
            sshPort: port,
            sshSources: reader.sources(.sshAllowCIDR),
            icmpEnabled: reader.bool(icmp),
            allowRules: reader.rules(.allowRules),
            publishedRules: reader.rules(.publishedRules),
            uninstall: reader.bool(.uninstall),
            firewallServices: reader.firewallServices(.firewallServices),
            backend: reader.backend(.backend),
            ipv6: reader.bool(.ipv6),
            backupKeep: reader.integer(.backupKeep, in: 1...1000)
        )
        let configuration = reader.errors.isEmpty ? HostConfiguration(name: host, connection: connection, policy: policy) : nil
        return Outcome(configuration: configuration, errors: reader.errors, warnings: reader.warnings)
    }
}
