/// The variable names Ansible's ssh connection plugin (ansible-core 2.19) reads each setting
/// from, in the plugin's order. When several are set, wherever each was set, the last name in
/// the list wins; a null value counts as not set (ansible-core's `ConfigManager._loop_entries`).
enum ConnectionVariableAliases {
    static let host: [HostVariable] = [.host, .sshHost]
    static let port: [HostVariable] = [.port, .sshPort]
    static let user: [HostVariable] = [.user, .sshUser]
    static let privateKeyFile: [HostVariable] = [.privateKeyFile, .sshPrivateKeyFile]

    /// The variable whose value the plugin uses: the last of `names` set to a non-null value.
    static func effective(_ names: [HostVariable], in variables: VariableSet) -> HostVariable? {
        names.last { name in variables[name.rawValue].map { $0.value != .null } ?? false }
    }
}
