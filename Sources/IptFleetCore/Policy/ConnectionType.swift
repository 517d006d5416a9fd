/// How iptfleet reaches a host, from the name of the Ansible connection plugin the host uses
/// (`ansible_connection`, `-c/--connection`, ansible.cfg `transport`; see Docs/inventory.md).
public enum ConnectionType: String, Sendable, Equatable {
    /// Over SSH (libssh2): Ansible's `ssh`, `smart` and `paramiko` all mean this.
    case ssh
    /// On the controller itself, with `/bin/sh`: Ansible's `local`.
    case local

    /// Plugin names that mean SSH: `smart` picks `ssh` or `paramiko` in Ansible; `paramiko_ssh`
    /// is the paramiko plugin's file name.
    static let sshNames: Set<String> = ["ssh", "smart", "paramiko", "paramiko_ssh"]

    /// The type for an Ansible plugin name, short (`ssh`) or fully qualified
    /// (`ansible.builtin.ssh`, `ansible.legacy.local`); nil for a plugin iptfleet cannot use.
    public init?(ansibleName: String) {
        var name = ansibleName.trimmingCharacters(in: .whitespaces)
        for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        if Self.sshNames.contains(name) {
            self = .ssh
        } else if name == "local" {
            self = .local
        } else {
            return nil
        }
    }
}

/// A connection plugin name and where it was set (`file:line`, `-c`, `ansible.cfg:LINE`).
public struct ConnectionTypeSetting: Sendable, Equatable {
    public let name: String
    public let origin: String

    public init(name: String, origin: String) {
        self.name = name
        self.origin = origin
    }

    /// The type it names, or why iptfleet refuses it.
    public func resolved() throws(UnsupportedConnectionType) -> ConnectionType {
        guard let type = ConnectionType(ansibleName: name) else { throw UnsupportedConnectionType(setting: self) }
        return type
    }
}

/// A host's connection plugin is one iptfleet cannot use (docker, winrm, a collection's…).
public struct UnsupportedConnectionType: Error, Sendable, Equatable, CustomStringConvertible {
    public let setting: ConnectionTypeSetting

    public init(setting: ConnectionTypeSetting) {
        self.setting = setting
    }

    public var description: String {
        "connection type '\(setting.name)' (\(setting.origin)) is not supported: iptfleet reaches a host over SSH "
            + "(ssh, smart, paramiko) or runs on this machine (local)"
    }
}
