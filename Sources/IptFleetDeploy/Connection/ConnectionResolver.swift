import Foundation
import IptFleetCore
import IptFleetSSH

/// Works out how to reach a host from every source, in Ansible's precedence: inventory variables,
/// then the command line and ansible.cfg (`ConnectionDefaults`), then `-o`/`-J` options in
/// `ansible_ssh_common_args`/`ansible_ssh_extra_args`, then ssh_config, then built-in defaults.
/// See Docs/ssh.md for the table.
public struct ConnectionResolver: Sendable {
    public let defaults: ConnectionDefaults
    /// `~/.ssh/config` or the `-F` file; nil reads none.
    public let sshConfig: SSHConfig?
    public let homeDirectory: String
    public let localUser: String

    /// Hops of nested `ProxyJump`s (a jump host's own jump host…) followed before giving up.
    static let maximumJumpDepth = 8

    public init(defaults: ConnectionDefaults, sshConfig: SSHConfig?, homeDirectory: String = NSHomeDirectory(),
                localUser: String = ProcessInfo.processInfo.userName) {
        self.defaults = defaults
        self.sshConfig = sshConfig
        self.homeDirectory = homeDirectory
        self.localUser = localUser
    }

    /// The resolved options and messages about what was ignored. The same message may come
    /// from many hosts; callers print each once.
    public struct Resolution: Sendable {
        public let options: SSHConnectionOptions
        public let warnings: [String]
    }

    public func resolve(host: String, connection: HostConnection) throws(ConnectionError) -> Resolution {
        var warnings: [String] = []
        var arguments = SSHCommandArguments()
        for variable in connection.sshArguments {
            let ignoredBefore = arguments.ignored.count
            do {
                try arguments.read(try ShellWords.split(variable.value))
            } catch let error as SSHOptionError {
                throw ConnectionError(host: host, message: "\(variable.name) (\(variable.origin)): \(error.description)")
            } catch {
                throw ConnectionError(host: host, message: "\(variable.name) (\(variable.origin)): \(error)")
            }
            for option in arguments.ignored[ignoredBefore...] {
                warnings.append("\(variable.name): \(option.hasPrefix("-") ? option : "-o \(option)") is not honoured by iptfleet (ignored)")
            }
        }
        let lookup = settings(for: connection.address, warnings: &warnings)
        let settings = arguments.settings.filled(from: lookup)

        let port = connection.portIsSet ? connection.port : (settings.port ?? 22)
        let user = connection.user ?? defaults.user ?? settings.user ?? localUser
        var options = endpointOptions(name: connection.address, settings: settings, port: port, user: user,
                                      firstKey: connection.privateKeyFile ?? defaults.privateKeyFile, warnings: &warnings)
        options.become = become(connection)
        options.jumpHosts = try jumpHosts(settings.proxyJump ?? [], host: host, depth: 0, warnings: &warnings)
        return Resolution(options: options, warnings: warnings)
    }

    /// How the host is reached: the inventory's `ansible_connection`, else `-c` or ansible.cfg
    /// `transport`, else SSH (Ansible's precedence).
    public func connectionType(host: String, connection: HostConnection) throws(ConnectionError) -> ConnectionType {
        guard let setting = connection.type ?? defaults.connectionType else { return .ssh }
        do {
            return try setting.resolved()
        } catch {
            throw ConnectionError(host: host, message: error.description)
        }
    }

    /// The options of a host iptfleet works on from here (`local`): only become and the command
    /// timeout apply, as Ansible's local plugin ignores the SSH settings.
    public func localOptions(connection: HostConnection) -> SSHConnectionOptions {
        SSHConnectionOptions(host: "localhost", user: localUser, commandTimeout: defaults.commandTimeout, become: become(connection))
    }

    /// `ansible_become` (else ansible.cfg `become`) with its user, root by default.
    private func become(_ connection: HostConnection) -> BecomeOptions? {
        let become = connection.become ?? defaults.become ?? false
        return become ? BecomeOptions(user: connection.becomeUser ?? defaults.becomeUser ?? "root") : nil
    }

    /// ssh_config's settings for `name`, noting options that are set but not honoured.
    private func settings(for name: String, warnings: inout [String]) -> SSHHostSettings {
        guard let sshConfig else { return SSHHostSettings() }
        let lookup = sshConfig.settings(for: name)
        for (keyword, origin) in lookup.unsupported {
            warnings.append("\(origin): \(keyword) is not honoured by iptfleet (ignored)\(keyword.lowercased() == "proxycommand" ? "; use ProxyJump" : "")")
        }
        return lookup.settings
    }

    /// Options for one endpoint (the target or a jump host) from merged settings.
    private func endpointOptions(name: String, settings: SSHHostSettings, port: Int, user: String, firstKey: String?,
                                 warnings: inout [String]) -> SSHConnectionOptions {
        let hostName = settings.hostName.map { SSHHostSettings.expandTokens($0, host: name, originalHost: name, port: port, user: user,
                                                                           localUser: localUser, home: homeDirectory) } ?? name
        let expand = { (path: String) in
            SSHHostSettings.expandTokens(path, host: hostName, originalHost: name, port: port, user: user, localUser: localUser, home: homeDirectory)
        }
        var knownHosts = defaults.knownHostsPath
        if knownHosts == nil, let files = settings.userKnownHostsFiles {
            knownHosts = files.first.map(expand) ?? "/dev/null"
            if files.count > 1 {
                warnings.append("UserKnownHostsFile \(files.joined(separator: " ")): iptfleet reads only the first file, \(files[0])")
            }
        }
        let strictness = defaults.strictHostKeyChecking ?? settings.strictHostKeyChecking ?? .yes
        if strictness == .no {
            // With an empty known_hosts no key is ever known, so none can be found changed.
            warnings.append(knownHosts == "/dev/null"
                ? "StrictHostKeyChecking=no with UserKnownHostsFile /dev/null (or none): every host key is accepted unchecked and recorded nowhere, so anyone on the way can pose as the host"
                : "StrictHostKeyChecking=no (or host_key_checking = False) is treated as accept-new: unknown host keys are recorded, changed ones are still refused")
        }
        let timeout = defaults.connectTimeout ?? settings.connectTimeout.map { Duration.seconds($0) } ?? .seconds(10)
        let identityFiles = ([firstKey].compactMap { $0 } + settings.identityFiles).map(expand)
        let identitiesOnly = settings.identitiesOnly ?? false
        var options = SSHConnectionOptions(
            host: hostName, port: port, user: user,
            connectTimeout: timeout, operationTimeout: timeout, commandTimeout: defaults.commandTimeout,
            knownHostsPath: knownHosts,
            hostKeyPolicy: strictness == .yes || strictness == .ask ? .strict : .acceptNew,
            identityFiles: identityFiles,
            useDefaultIdentityFiles: !(identitiesOnly && !identityFiles.isEmpty),
            homeDirectory: homeDirectory)
        if identitiesOnly { options.agentSocketPath = nil }
        return options
    }

    /// The jump hosts for `hops`, flattened, first hop first: the first hop's own `ProxyJump`
    /// (from ssh_config) comes before it; later hops go through the earlier ones (as `ssh -J a,b`).
    /// Like OpenSSH, a jump host takes its settings from ssh_config only (and `--known-hosts`,
    /// the host-key policy and timeout of the run), never from the target's inventory variables.
    private func jumpHosts(_ hops: [JumpHostSpec], host: String, depth: Int, warnings: inout [String]) throws(ConnectionError) -> [SSHConnectionOptions] {
        guard depth < Self.maximumJumpDepth else {
            throw ConnectionError(host: host, message: "ProxyJump nested more than \(Self.maximumJumpDepth) deep (does a jump host jump through itself?)")
        }
        var result: [SSHConnectionOptions] = []
        for (index, hop) in hops.enumerated() {
            let settings = settings(for: hop.host, warnings: &warnings)
            if index == 0, let own = settings.proxyJump, !own.isEmpty {
                result = try jumpHosts(own, host: host, depth: depth + 1, warnings: &warnings)
            }
            result.append(endpointOptions(name: hop.host, settings: settings, port: hop.port ?? settings.port ?? 22,
                                          user: hop.user ?? settings.user ?? localUser, firstKey: nil, warnings: &warnings))
        }
        return result
    }
}

/// A host's connection settings cannot be used (a bad value in `ansible_ssh_common_args`, a
/// `ProxyJump` loop, …); nothing is sent to any host.
public struct ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let message: String

    public var description: String { "\(host): \(message)" }
}
