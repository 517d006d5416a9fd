import IptFleetCore
import IptFleetSSH

/// Connection settings from the command line, or else from ansible.cfg: they apply where the
/// inventory says nothing (inventory variables win, as in Ansible) and win over ssh_config
/// (Ansible passes them to ssh as `-o` options, which beat the config file).
public struct ConnectionDefaults: Sendable {
    /// `-u`, else ansible.cfg `remote_user`.
    public var user: String?
    /// `--private-key`, else ansible.cfg `private_key_file`.
    public var privateKeyFile: String?
    /// `--known-hosts` (iptfleet's own; also used for jump hosts).
    public var knownHostsPath: String?
    /// `--accept-new-host-keys` (accept-new), else ansible.cfg `host_key_checking = False` (no).
    public var strictHostKeyChecking: SSHHostSettings.StrictHostKeyChecking?
    /// `--timeout`, else ansible.cfg `timeout`.
    public var connectTimeout: Duration?
    public var commandTimeout: Duration
    /// ansible.cfg `[privilege_escalation]` `become` and `become_user`.
    public var become: Bool?
    public var becomeUser: String?
    /// `-c/--connection`, else ansible.cfg `transport` (or `ANSIBLE_TRANSPORT`); nil is `ssh`.
    public var connectionType: ConnectionTypeSetting?

    public init(user: String? = nil, privateKeyFile: String? = nil, knownHostsPath: String? = nil,
                strictHostKeyChecking: SSHHostSettings.StrictHostKeyChecking? = nil, connectTimeout: Duration? = nil,
                commandTimeout: Duration = .seconds(120), become: Bool? = nil, becomeUser: String? = nil,
                connectionType: ConnectionTypeSetting? = nil) {
        self.user = user
        self.privateKeyFile = privateKeyFile
        self.knownHostsPath = knownHostsPath
        self.strictHostKeyChecking = strictHostKeyChecking
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.become = become
        self.becomeUser = becomeUser
        self.connectionType = connectionType
    }
}
