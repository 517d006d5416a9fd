import Foundation
import IptFleetCore
import IptFleetSSH

/// Command-line connection settings that apply where the inventory says nothing (inventory
/// variables win, as in Ansible).
public struct ConnectionDefaults: Sendable {
    public var user: String?
    public var privateKeyFile: String?
    public var knownHostsPath: String?
    public var acceptNewHostKeys: Bool
    public var connectTimeout: Duration
    public var commandTimeout: Duration

    public init(user: String? = nil, privateKeyFile: String? = nil, knownHostsPath: String? = nil, acceptNewHostKeys: Bool = false,
                connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(120)) {
        self.user = user
        self.privateKeyFile = privateKeyFile
        self.knownHostsPath = knownHostsPath
        self.acceptNewHostKeys = acceptNewHostKeys
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// SSH options for a host: its inventory connection variables, then these defaults, then the
    /// controller's own user name.
    public func sshOptions(for connection: HostConnection) -> SSHConnectionOptions {
        SSHConnectionOptions(
            host: connection.address,
            port: connection.port,
            user: connection.user ?? user ?? ProcessInfo.processInfo.userName,
            connectTimeout: connectTimeout,
            operationTimeout: connectTimeout,
            commandTimeout: commandTimeout,
            knownHostsPath: knownHostsPath,
            hostKeyPolicy: acceptNewHostKeys ? .acceptNew : .strict,
            identityFiles: [connection.privateKeyFile, privateKeyFile].compactMap { $0 },
            become: connection.become ? BecomeOptions(user: connection.becomeUser) : nil
        )
    }
}
