import ArgumentParser
import Foundation
import IptFleetCore
import IptFleetDeploy
import Logging
import IptFleetSSH

/// SSH options shared by the commands that contact hosts. Where one is not given, ansible.cfg's
/// setting applies; inventory variables win over both.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("user")], help: ArgumentHelp("Remote user where the inventory sets no ansible_user (default: ansible.cfg remote_user, ssh_config User).", valueName: "name"))
    var user: String?

    @Option(name: .customLong("private-key"), help: ArgumentHelp("Private key file where the inventory sets no ansible_ssh_private_key_file (default: ansible.cfg private_key_file).", valueName: "file"))
    var privateKey: String?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("OpenSSH known_hosts file, also for jump hosts (default: ssh_config UserKnownHostsFile, else ~/.ssh/known_hosts).", valueName: "file"))
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-keys"), help: "Record the keys of hosts not yet in known_hosts (a changed key is always refused).")
    var acceptNewHostKeys = false

    @Option(name: [.short, .customLong("connection")], help: ArgumentHelp("Connection type where the inventory sets no ansible_connection: ssh (also smart, paramiko) or local, to work on this machine itself (default: ansible.cfg transport, ssh).", valueName: "type"))
    var connection: String?

    @Option(name: [.customShort("F"), .customLong("ssh-config")], help: ArgumentHelp("OpenSSH client config file (default: ~/.ssh/config).", valueName: "file"))
    var sshConfig: String?

    @Option(help: ArgumentHelp("Seconds allowed to connect and log in to a host (default: ansible.cfg timeout, ssh_config ConnectTimeout, 10).", valueName: "seconds"))
    var timeout: Int?

    @Option(name: [.short, .customLong("forks")], help: ArgumentHelp("How many hosts to work on at once (default: ansible.cfg forks, 20).", valueName: "n"))
    var forks: Int?

    @Flag(help: "Print the results as JSON (no live lines).")
    var json = false

    @Flag(name: .short, help: "More output, repeatable: -v every change and each host's steps, -vv connections and plans, -vvv every remote command and its output.")
    var verbose: Int

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Also append the log (at the -v level, with timestamps) to this file.", valueName: "file"))
    var logFile: String?

    func validate() throws {
        if let forks, forks < 1 { throw ValidationError("--forks must be at least 1") }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if let setting = connectionSetting, ConnectionType(ansibleName: setting.name) == nil {
            throw ValidationError(UnsupportedConnectionType(setting: setting).description)
        }
    }

    /// warning and notice by default, -v info, -vv debug, -vvv trace.
    var logLevel: Logger.Level {
        switch verbose {
        case 0: .notice
        case 1: .info
        case 2: .debug
        default: .trace
        }
    }

    /// `--forks`, else ansible.cfg `forks`, else 20.
    func forkCount(_ ansible: AnsibleConfig) -> Int {
        forks ?? ansible.forks ?? 20
    }

    /// `-c/--connection`, with where it came from.
    private var connectionSetting: ConnectionTypeSetting? {
        connection.map { ConnectionTypeSetting(name: $0, origin: "-c/--connection") }
    }

    /// The resolver for every host's connection: these options over ansible.cfg, over the
    /// inventory's ssh arguments and ssh_config. A bad ssh_config is an `InputError`.
    func resolver(_ ansible: AnsibleConfig) throws -> ConnectionResolver {
        let home = NSHomeDirectory()
        let config: SSHConfig
        do {
            config = try SSHConfig.load(path: sshConfig ?? "~/.ssh/config", homeDirectory: home, required: sshConfig != nil)
        } catch {
            throw InputError("ssh config \(error.description)", note: InputError.nothingSent)
        }
        for warning in config.warnings { Console.warning(warning) }
        let strictness: SSHHostSettings.StrictHostKeyChecking? = acceptNewHostKeys ? .acceptNew : (ansible.hostKeyChecking == false ? .no : nil)
        let defaults = ConnectionDefaults(
            user: user ?? ansible.remoteUser, privateKeyFile: privateKey ?? ansible.privateKeyFile, knownHostsPath: knownHosts,
            strictHostKeyChecking: strictness, connectTimeout: (timeout ?? ansible.timeout).map { .seconds($0) },
            become: ansible.become, becomeUser: ansible.becomeUser, connectionType: connectionSetting ?? ansible.transport)
        return ConnectionResolver(defaults: defaults, sshConfig: config, homeDirectory: home)
    }
}
