import Foundation
import IptFleetSSH

/// Reaches a host the way its `ansible_connection` says: a new SSH session (`ssh`), or a shell
/// on the controller itself (`local`).
public struct ChannelConnector: HostConnector {
    public init() {}

    public func open(_ target: HostTarget, connectTimeout: Duration?) throws -> any HostChannel {
        switch target.connectionType {
        case .ssh:
            var options = target.ssh
            if let connectTimeout { options.connectTimeout = connectTimeout }
            return try SSHSession.open(options)
        case .local:
            return LocalShell(become: target.ssh.become, commandTimeout: target.ssh.commandTimeout)
        }
    }
}
