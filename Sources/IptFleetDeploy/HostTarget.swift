import IptFleetCore
import IptFleetSSH

/// Everything a worker thread needs to handle one host, all Sendable: its configuration, the
/// files rendered for it, and how to connect.
public struct HostTarget: Sendable {
    public let configuration: HostConfiguration
    public let layout: InstallLayout
    public let ssh: SSHConnectionOptions

    public init(configuration: HostConfiguration, layout: InstallLayout, ssh: SSHConnectionOptions) {
        self.configuration = configuration
        self.layout = layout
        self.ssh = ssh
    }

    public var name: String { configuration.name }
}
