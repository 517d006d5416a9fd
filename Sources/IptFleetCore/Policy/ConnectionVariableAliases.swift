/// The variable names Ansible's ssh connection plugin (ansible-core 2.19) reads each setting
/// from, in the plugin's order. When several are set, wherever each was set, the last name in
/// the list wins; a null value counts as not set (ansible-core's `ConfigManager._loop_entries`).
enum ConnectionVariableAliases {
    static let host = ["ansible_host", "ansible_ssh_host"]
    static let port = ["ansible_port", "ansible_ssh_port"]
    static let user = ["ansible_user", "ansible_ssh_user"]
    static let privateKeyFile = ["ansible_private_key_file", "ansible_ssh_private_key_file"]
    static let password = ["ansible_password", "ansible_ssh_pass", "ansible_ssh_password"]

    static let all = [host, port, user, privateKeyFile, password]

    /// The name whose value the plugin uses: the last of `names` set to a non-null value.
    static func effectiveName(_ names: [String], in variables: VariableSet) -> String? {
        names.last { name in variables[name].map { $0.value != .null } ?? false }
    }

}
