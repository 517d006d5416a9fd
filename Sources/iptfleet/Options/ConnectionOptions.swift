import ArgumentParser
import IptFleetDeploy
import Logging

/// SSH options shared by the commands that contact hosts.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("user")], help: ArgumentHelp("Remote user where the inventory sets no ansible_user.", valueName: "name"))
    var user: String?

    @Option(name: .customLong("private-key"), help: ArgumentHelp("Private key file where the inventory sets no ansible_ssh_private_key_file.", valueName: "file"))
    var privateKey: String?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("OpenSSH known_hosts file (default ~/.ssh/known_hosts).", valueName: "file"))
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-keys"), help: "Record the keys of hosts not yet in known_hosts (a changed key is always refused).")
    var acceptNewHostKeys = false

    @Option(help: ArgumentHelp("Seconds allowed to connect and log in to a host.", valueName: "seconds"))
    var timeout: Int = 10

    @Option(name: [.short, .customLong("forks")], help: ArgumentHelp("How many hosts to work on at once.", valueName: "n"))
    var forks: Int = 20

    @Flag(help: "Print the results as JSON (no live lines).")
    var json = false

    @Flag(name: .short, help: "More output, repeatable: -v every change and each host's steps, -vv connections and plans, -vvv every remote command and its output.")
    var verbose: Int

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Also append the log (at the -v level, with timestamps) to this file.", valueName: "file"))
    var logFile: String?

    func validate() throws {
        guard forks >= 1 else { throw ValidationError("--forks must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
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

    var defaults: ConnectionDefaults {
        ConnectionDefaults(user: user, privateKeyFile: privateKey, knownHostsPath: knownHosts, acceptNewHostKeys: acceptNewHostKeys,
                           connectTimeout: .seconds(timeout))
    }
}
