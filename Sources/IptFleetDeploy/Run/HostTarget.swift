import IptFleetCore
import IptFleetSSH

/// Everything a worker thread needs to handle one host, all Sendable: its configuration, the
/// files rendered for it, and how to connect.
public struct HostTarget: Sendable {
    public let configuration: HostConfiguration
    public let layout: InstallLayout
    /// How to reach the host over SSH; for a `local` host, only `become` and `commandTimeout` count.
    public var ssh: SSHConnectionOptions
    public let connectionType: ConnectionType

    public init(configuration: HostConfiguration, layout: InstallLayout, ssh: SSHConnectionOptions, connectionType: ConnectionType = .ssh) {
        self.configuration = configuration
        self.layout = layout
        self.ssh = ssh
        self.connectionType = connectionType
    }

    public var name: String { configuration.name }
}
