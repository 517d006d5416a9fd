import Foundation
import Logging

/// Everything needed to reach one host: address, user, timeouts, host-key checking, credentials
/// and become.
///
/// Credentials are tried in the order OpenSSH users expect: the ssh-agent at `agentSocketPath`,
/// then `identityFiles`, then the default keys (`~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`), then
/// `password` by the `password` method and then by `keyboard-interactive`.
public struct SSHConnectionOptions: Sendable {
    /// Host name, IPv4 or IPv6 address (brackets around an IPv6 address are accepted).
    public var host: String
    public var port: Int
    public var user: String
    /// Budget for TCP connect plus the SSH handshake (banner, key exchange).
    public var connectTimeout: Duration
    /// Budget for each other protocol step: host-key check, authentication, opening a channel.
    public var operationTimeout: Duration
    /// Default budget for one remote command or upload; `exec(_:timeout:)` can override it.
    public var commandTimeout: Duration
    /// The OpenSSH known_hosts file; nil means `~/.ssh/known_hosts`.
    public var knownHostsPath: String?
    public var hostKeyPolicy: HostKeyPolicy
    /// Private key files tried before the default ones (Ansible's `ansible_ssh_private_key_file`,
    /// `--private-key`). A leading `~/` means the home directory.
    public var identityFiles: [String]
    /// Whether `~/.ssh/id_ed25519`, `~/.ssh/id_ecdsa` and `~/.ssh/id_rsa` are tried after `identityFiles`.
    public var useDefaultIdentityFiles: Bool
    /// Answers for encrypted private keys; nil skips encrypted keys.
    public var passphraseProvider: PassphraseProvider?
    /// Login password (Ansible's `ansible_password`), for the `password` and `keyboard-interactive` methods.
    public var password: SSHSecret?
    /// The ssh-agent socket; defaults to `$SSH_AUTH_SOCK`, nil disables the agent.
    public var agentSocketPath: String?
    /// Run commands and uploads through sudo; nil runs them as `user`.
    public var become: BecomeOptions?
    /// Home directory for `~` in paths; defaults to `$HOME`.
    public var homeDirectory: String
    /// Where the session logs: connection and login at debug, every remote command with its
    /// output at trace (file payloads shortened). Secrets are never logged.
    public var logger: Logger
    /// Jump hosts (OpenSSH's `ProxyJump`), first hop first: the connection goes to the first, is
    /// tunnelled from there to the next, and from the last to `host`. Each hop is checked against
    /// its own known_hosts and authenticates with its own credentials.
    public var jumpHosts: [SSHConnectionOptions]

    public init(
        host: String,
        port: Int = 22,
        user: String,
        connectTimeout: Duration = .seconds(10),
        operationTimeout: Duration = .seconds(30),
        commandTimeout: Duration = .seconds(300),
        knownHostsPath: String? = nil,
        hostKeyPolicy: HostKeyPolicy = .strict,
        identityFiles: [String] = [],
        useDefaultIdentityFiles: Bool = true,
        passphraseProvider: PassphraseProvider? = nil,
        password: SSHSecret? = nil,
        agentSocketPath: String? = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"],
        become: BecomeOptions? = nil,
        homeDirectory: String = NSHomeDirectory(),
        logger: Logger = Logger(label: "iptfleet.ssh"),
        jumpHosts: [SSHConnectionOptions] = []
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.commandTimeout = commandTimeout
        self.knownHostsPath = knownHostsPath
        self.hostKeyPolicy = hostKeyPolicy
        self.identityFiles = identityFiles
        self.useDefaultIdentityFiles = useDefaultIdentityFiles
        self.passphraseProvider = passphraseProvider
        self.password = password
        self.agentSocketPath = agentSocketPath
        self.become = become
        self.homeDirectory = homeDirectory
        self.logger = logger
        self.jumpHosts = jumpHosts
    }

    /// The host without the brackets that may surround an IPv6 address.
    public var bareHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// `host:port` as people write it, `[::1]:22` for IPv6 addresses.
    public var endpoint: String {
        bareHost.contains(":") ? "[\(bareHost)]:\(port)" : "\(bareHost):\(port)"
    }

    var resolvedKnownHostsPath: String {
        (knownHostsPath ?? "~/.ssh/known_hosts").expandingTilde(home: homeDirectory)
    }

    /// Key files in the order they are tried; `explicit` marks the ones the user named.
    var identityFileCandidates: [(path: String, explicit: Bool)] {
        let defaults = useDefaultIdentityFiles ? ["~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa"] : []
        var seen = Set<String>()
        return (identityFiles.map { ($0, true) } + defaults.map { ($0, false) })
            .map { (path: $0.0.expandingTilde(home: homeDirectory), explicit: $0.1) }
            .filter { seen.insert($0.path).inserted }
    }
}
