/// Every host variable iptfleet knows, each declared once. `HostConfigurationBuilder` reads them
/// by these cases; the names known (a close misspelling of one is warned about, `iptfleet vars`
/// lists them) and the names templated before a host is checked are derived from here.
enum HostVariable: String, CaseIterable, Sendable {
    // The firewall policy (Docs/variables.md).
    case dockerPreserve = "docker_preserve"
    case swarmEnabled = "swarm_enabled"
    case swarmCIDR = "swarm_cidr"
    case swarmOverlayEncryption = "swarm_overlay_encryption"
    case sshAllowCIDR = "ssh_allow_cidr"
    /// Upstream iptables-docker's spelling; `enable_icmp_messages` wins when both are set.
    case icmpMessagesUpstream = "ebable_icmp_messages"
    case icmpMessages = "enable_icmp_messages"
    case allowRules = "iptables_allow_rules"
    case publishedRules = "docker_published_rules"
    case uninstall = "iptables_docker_uninstall"
    case firewallServices = "firewall_services"
    case backend = "iptables_backend"
    case ipv6 = "iptables_ipv6"
    case backupKeep = "iptables_backup_keep"

    // How to reach the host; the aliases of one setting are in `ConnectionVariableAliases`.
    case host = "ansible_host", sshHost = "ansible_ssh_host"
    case port = "ansible_port", sshPort = "ansible_ssh_port"
    case user = "ansible_user", sshUser = "ansible_ssh_user"
    case privateKeyFile = "ansible_private_key_file", sshPrivateKeyFile = "ansible_ssh_private_key_file"
    case become = "ansible_become"
    case becomeUser = "ansible_become_user"
    case sshCommonArgs = "ansible_ssh_common_args"
    case sshExtraArgs = "ansible_ssh_extra_args"
    case connection = "ansible_connection"

    // Recognised (so never "unknown"), but not used.
    case password = "ansible_password", sshPass = "ansible_ssh_pass", sshPassword = "ansible_ssh_password"
    case becomePassword = "ansible_become_password"
    case pythonInterpreter = "ansible_python_interpreter"
    case groupPriority = "ansible_group_priority"

    /// Whether the value is templated before the host is checked: true for those iptfleet reads,
    /// but `ansible_connection` (read as written) and the ones it recognises but ignores, such as
    /// `ansible_password`, which may rely on what iptfleet lacks.
    var isTemplated: Bool {
        switch self {
        case .connection, .password, .sshPass, .sshPassword, .becomePassword, .pythonInterpreter, .groupPriority: false
        default: true
        }
    }

    /// Every known name.
    static let names = Set(allCases.map(\.rawValue))

    /// The names templated before a host is checked.
    static let templatedNames = Set(allCases.filter(\.isTemplated).map(\.rawValue))
}
