import Foundation
import Testing
@testable import IptFleetCore
@testable import IptFleetDeploy
import IptFleetSSH

/// Precedence of the connection sources: inventory, command line / ansible.cfg, ssh arguments,
/// ssh_config, built-in defaults.
struct ConnectionResolverTests {
    static let sshConfig = """
        Host web1
            HostName %h.internal
            User config-user
            Port 2201
            IdentityFile ~/.ssh/%r@%h
            ConnectTimeout 4
            UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2
            ProxyJump bastion
        Host bastion
            HostName 192.0.2.1
            User jumper
            IdentityFile ~/.ssh/jump_key
            IdentitiesOnly yes
        Host loop
            ProxyJump loop
        Host lax
            StrictHostKeyChecking no
            UserKnownHostsFile none
            ProxyCommand nc %h %p
        """

    func resolver(_ defaults: ConnectionDefaults = ConnectionDefaults()) throws -> ConnectionResolver {
        ConnectionResolver(defaults: defaults, sshConfig: try SSHConfig.parse(Self.sshConfig, file: "/home/op/.ssh/config", homeDirectory: "/home/op"),
                           homeDirectory: "/home/op", localUser: "op")
    }

    func connection(_ address: String = "web1", port: Int? = nil, user: String? = nil, key: String? = nil, become: Bool? = nil,
                    args: String? = nil) -> HostConnection {
        HostConnection(address: address, port: port ?? 22, portIsSet: port != nil, user: user, privateKeyFile: key, become: become,
                       becomeUser: nil, sshArguments: args.map { [SSHArgumentsVariable(name: "ansible_ssh_common_args", value: $0, origin: "hosts.ini:3")] } ?? [])
    }

    @Test func theConnectionTypeComesFromTheInventoryElseTheCommandLineElseSSH() throws {
        var local = connection()
        local.type = ConnectionTypeSetting(name: "local", origin: "ansible_connection, hosts.ini:4")
        let cli = ConnectionDefaults(connectionType: ConnectionTypeSetting(name: "ansible.builtin.ssh", origin: "-c/--connection"))
        #expect(try resolver().connectionType(host: "web1", connection: connection()) == .ssh)
        #expect(try resolver(cli).connectionType(host: "web1", connection: connection()) == .ssh)
        #expect(try resolver(cli).connectionType(host: "web1", connection: local) == .local, "the inventory wins over -c, as in Ansible")
        let localCLI = ConnectionDefaults(connectionType: ConnectionTypeSetting(name: "local", origin: "-c/--connection"))
        #expect(try resolver(localCLI).connectionType(host: "web1", connection: connection()) == .local)
        for name in ["ssh", "smart", "paramiko", "paramiko_ssh", "ansible.legacy.ssh", "ansible.builtin.paramiko_ssh"] {
            #expect(ConnectionType(ansibleName: name) == .ssh, "\(name)")
        }
        #expect(ConnectionType(ansibleName: "ansible.builtin.local") == .local)
        for name in ["docker", "winrm", "psrp", "community.docker.docker", "ansible.netcommon.network_cli", "Local", ""] {
            #expect(ConnectionType(ansibleName: name) == nil, "\(name)")
        }
    }

    @Test func anUnsupportedConnectionTypeIsRefusedWithWhereItWasSet() throws {
        var docker = connection()
        docker.type = ConnectionTypeSetting(name: "docker", origin: "ansible_connection, host_vars/web1.yml:2")
        #expect(throws: ConnectionError(host: "web1", message: "connection type 'docker' (ansible_connection, host_vars/web1.yml:2) is not supported: iptfleet reaches a host over SSH (ssh, smart, paramiko) or runs on this machine (local)")) {
            try resolver().connectionType(host: "web1", connection: docker)
        }
    }

    @Test func aLocalHostTakesOnlyBecomeAndTheCommandTimeout() throws {
        let defaults = ConnectionDefaults(user: "cli-user", commandTimeout: .seconds(45), become: true, becomeUser: "admin")
        let options = try resolver(defaults).localOptions(connection: connection(become: nil))
        #expect(options.host == "localhost" && options.user == "op" && options.commandTimeout == .seconds(45))
        #expect(options.become?.user == "admin")
        #expect(try resolver().localOptions(connection: connection(become: false)).become == nil)
    }

    @Test func sshConfigFillsWhatNothingElseSets() throws {
        let options = try resolver().resolve(host: "web1", connection: connection()).options
        #expect(options.host == "web1.internal" && options.port == 2201 && options.user == "config-user")
        #expect(options.identityFiles == ["/home/op/.ssh/config-user@web1.internal"])
        #expect(options.connectTimeout == .seconds(4))
        #expect(options.knownHostsPath == "/home/op/.ssh/kh1")
        #expect(options.hostKeyPolicy == .strict)
    }

    @Test func inventoryBeatsCommandLineBeatsSSHArgumentsBeatsSSHConfig() throws {
        let args = "-o User=args-user -o Port=2300 -i /args/key -o ConnectTimeout=6"
        var options = try resolver().resolve(host: "web1", connection: connection(args: args)).options
        #expect(options.user == "args-user" && options.port == 2300 && options.connectTimeout == .seconds(6))
        #expect(options.identityFiles == ["/args/key", "/home/op/.ssh/args-user@web1.internal"])

        let defaults = ConnectionDefaults(user: "cli-user", privateKeyFile: "/cli/key", knownHostsPath: "/cli/known_hosts", connectTimeout: .seconds(9))
        options = try resolver(defaults).resolve(host: "web1", connection: connection(args: args)).options
        #expect(options.user == "cli-user" && options.connectTimeout == .seconds(9) && options.knownHostsPath == "/cli/known_hosts")
        #expect(options.identityFiles == ["/cli/key", "/args/key", "/home/op/.ssh/cli-user@web1.internal"])

        options = try resolver(defaults).resolve(host: "web1", connection: connection(port: 22, user: "inv-user", key: "/inv/key", args: args)).options
        #expect(options.user == "inv-user" && options.port == 22)
        #expect(options.identityFiles.first == "/inv/key")
    }

    @Test func proxyJumpResolvesTheJumpHostFromSSHConfigOnly() throws {
        let defaults = ConnectionDefaults(user: "cli-user", privateKeyFile: "/cli/key", knownHostsPath: "/cli/known_hosts")
        let options = try resolver(defaults).resolve(host: "web1", connection: connection(user: "inv-user")).options
        let jump = try #require(options.jumpHosts.first)
        #expect(options.jumpHosts.count == 1)
        #expect(jump.host == "192.0.2.1" && jump.port == 22 && jump.user == "jumper")
        #expect(jump.identityFiles == ["/home/op/.ssh/jump_key"] && !jump.useDefaultIdentityFiles && jump.agentSocketPath == nil)
        #expect(jump.knownHostsPath == "/cli/known_hosts")
    }

    @Test func jumpFromArgumentsWinsAndHopsChain() throws {
        let options = try resolver().resolve(host: "web1", connection: connection(args: "-J admin@bastion:2022,10.0.0.9")).options
        #expect(options.jumpHosts.map(\.endpoint) == ["192.0.2.1:2022", "10.0.0.9:22"])
        #expect(options.jumpHosts.map(\.user) == ["admin", "op"])
        let none = try resolver().resolve(host: "web1", connection: connection(args: "-o ProxyJump=none")).options
        #expect(none.jumpHosts.isEmpty)
    }

    @Test func aJumpLoopIsAnError() throws {
        #expect(throws: ConnectionError(host: "h1", message: "ProxyJump nested more than 8 deep (does a jump host jump through itself?)")) {
            try resolver().resolve(host: "h1", connection: connection("x", args: "-J loop"))
        }
        #expect(ConnectionError(host: "h1", message: "m").description == "h1: m")
    }

    @Test func laxHostKeyCheckingIsAcceptNewWithAWarningAndUnsupportedOptionsWarn() throws {
        let resolution = try resolver().resolve(host: "h1", connection: connection("lax", args: "-o ControlPersist=60s -C"))
        #expect(resolution.options.hostKeyPolicy == .acceptNew)
        #expect(resolution.options.knownHostsPath == "/dev/null")
        #expect(resolution.warnings == [
            "ansible_ssh_common_args: -o ControlPersist is not honoured by iptfleet (ignored)",
            "ansible_ssh_common_args: -C is not honoured by iptfleet (ignored)",
            "/home/op/.ssh/config:19: ProxyCommand is not honoured by iptfleet (ignored); use ProxyJump",
            "StrictHostKeyChecking=no with UserKnownHostsFile /dev/null (or none): every host key is accepted unchecked and recorded nowhere, so anyone on the way can pose as the host",
        ])
        let recorded = try resolver(ConnectionDefaults(knownHostsPath: "/tmp/kh")).resolve(host: "h1", connection: connection("lax"))
        #expect(recorded.warnings.contains("StrictHostKeyChecking=no (or host_key_checking = False) is treated as accept-new: unknown host keys are recorded, changed ones are still refused"))
        let warned = try resolver().resolve(host: "web1", connection: connection()).warnings
        #expect(warned.contains("UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2: iptfleet reads only the first file, ~/.ssh/kh1"))
        let strict = try resolver(ConnectionDefaults(strictHostKeyChecking: .yes)).resolve(host: "h1", connection: connection("lax"))
        #expect(strict.options.hostKeyPolicy == .strict)
    }

    @Test func extraArgumentsComeAfterCommonOnesAndWarnUnderTheirOwnName() throws {
        let connection = HostConnection(address: "h", port: 22, portIsSet: false, user: nil, privateKeyFile: nil, become: nil, becomeUser: nil,
                                        sshArguments: [SSHArgumentsVariable(name: "ansible_ssh_common_args", value: "-o User=common", origin: "a:1"),
                                                       SSHArgumentsVariable(name: "ansible_ssh_extra_args", value: "-o User=extra -A", origin: "a:2")])
        let resolution = try resolver().resolve(host: "h", connection: connection)
        #expect(resolution.options.user == "common")
        #expect(resolution.warnings == ["ansible_ssh_extra_args: -A is not honoured by iptfleet (ignored)"])
    }

    @Test func badSSHArgumentsNameTheVariableAndWhereItIs() throws {
        #expect(throws: ConnectionError(host: "h1", message: "ansible_ssh_common_args (hosts.ini:3): -o Port=x: Port needs a number from 1 to 65535, got 'x'")) {
            try resolver().resolve(host: "h1", connection: connection("h", args: "-o Port=x"))
        }
        #expect(throws: ConnectionError(host: "h1", message: "ansible_ssh_common_args (hosts.ini:3): no closing quotation (\")")) {
            try resolver().resolve(host: "h1", connection: connection("h", args: "-o \"User=x"))
        }
    }

    @Test func becomeFromInventoryElseAnsibleConfig() throws {
        let defaults = ConnectionDefaults(become: true, becomeUser: "admin")
        #expect(try resolver(defaults).resolve(host: "h", connection: connection("h")).options.become?.user == "admin")
        #expect(try resolver(defaults).resolve(host: "h", connection: connection("h", become: false)).options.become == nil)
        #expect(try resolver().resolve(host: "h", connection: connection("h")).options.become == nil)
    }
}
