/// How the controller reaches a host, from Ansible's connection variables. Optional fields are
/// the ones a lower-precedence source (command line, ansible.cfg, ssh_config) may fill in.
public struct HostConnection: Sendable, Equatable {
    /// `ansible_host`, or the inventory name.
    public let address: String
    /// `ansible_port`, default 22.
    public let port: Int
    /// Whether `ansible_port` is set (otherwise ssh_config's `Port` may apply).
    public let portIsSet: Bool
    /// `ansible_user`; nil means the controller's default.
    public let user: String?
    /// `ansible_ssh_private_key_file`.
    public let privateKeyFile: String?
    /// `ansible_become`; nil when the inventory does not say.
    public let become: Bool?
    /// `ansible_become_user`; nil when the inventory does not say (root by default).
    public let becomeUser: String?
    /// `ansible_ssh_common_args` and `ansible_ssh_extra_args`, in that order, where set.
    public let sshArguments: [SSHArgumentsVariable]
    /// `ansible_connection` where the inventory sets it; nil leaves it to `-c` and ansible.cfg.
    public var type: ConnectionTypeSetting? = nil
}

/// An `ansible_ssh_common_args` / `ansible_ssh_extra_args` value and where it was set.
public struct SSHArgumentsVariable: Sendable, Equatable {
    public let name: String
    public let value: String
    /// `file:line` of its definition.
    public let origin: String
}
