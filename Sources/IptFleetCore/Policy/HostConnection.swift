/// How the controller reaches a host, from Ansible's connection variables.
public struct HostConnection: Sendable, Equatable {
    /// `ansible_host`, or the inventory name.
    public let address: String
    /// `ansible_port`, default 22.
    public let port: Int
    /// `ansible_user`; nil means the controller's default.
    public let user: String?
    /// `ansible_ssh_private_key_file`.
    public let privateKeyFile: String?
    /// `ansible_become` and `ansible_become_user` (default root).
    public let become: Bool
    public let becomeUser: String
}
