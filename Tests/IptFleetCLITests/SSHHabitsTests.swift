import Foundation
import TestSupport
import Testing

/// ansible.cfg, ssh_config (`-F`) and ssh arguments as the command line sees them.
struct SSHHabitsTests {
    private func run(_ arguments: [String], in directory: String) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.iptfleet, arguments, directory: directory, environment: ["HOME": directory])
    }

    private func project(_ files: [String: String]) throws -> String {
        try CommandLineTests.temporaryDirectory(files)
    }

    @Test func ansibleCfgInTheWorkingDirectorySuppliesTheInventory() throws {
        let directory = try project(["ansible.cfg": "[defaults]\ninventory = inventory/hosts.ini\n", "inventory/hosts.ini": "[web]\nw1\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["render", "w1", "--dry-run"], in: directory)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("==> w1: /usr/local/sbin/iptables-docker.sh"))
    }

    @Test func noInventoryAnywhereIsAUsageErrorThatNamesBothWays() throws {
        let directory = try project(["README": "an empty project\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["render", "w1"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.contains("no inventory given: use -i hosts.ini, or set inventory in ansible.cfg"), "\(result)")
    }

    @Test func aBadAnsibleCfgStopsTheRunNamingFileAndLine() throws {
        let directory = try project(["ansible.cfg": "[defaults]\nforks = lots\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["ping"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: \(directory)/ansible.cfg:2: [defaults] forks: expected a positive whole number, got 'lots'"), "\(result)")
        #expect(result.stderr.contains("nothing was sent to any host"))
    }

    @Test func aMissingSSHConfigNamedWithDashFIsAnError() throws {
        let directory = try project(["hosts.ini": "w1\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["ping", "-i", "hosts.ini", "-F", directory + "/nope"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: ssh config \(directory)/nope: no such file"), "\(result)")
    }

    @Test func aBadSSHConfigLineStopsTheRun() throws {
        let directory = try project(["hosts.ini": "w1\n", "ssh_config": "Host w1\n  Port twenty-two\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["ping", "-i", "hosts.ini", "-F", "ssh_config"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: ssh config ssh_config:2: Port needs a number from 1 to 65535, got 'twenty-two'"), "\(result)")
    }

    @Test func anSSHConfigPortTheFirewallWouldNotKeepOpenIsRefused() throws {
        let directory = try project(["hosts.ini": "w1\n", "ssh_config": "Host w1\n  Port 2222\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["ping", "-i", "hosts.ini", "-F", "ssh_config"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: w1: ssh_config or ansible_ssh_common_args give port 2222, but the firewall would keep SSH open on port 22; set ansible_port=2222 for this host"), "\(result)")
    }

    @Test func unsupportedSSHArgumentsWarnOncePerRunNotPerHost() throws {
        let closed = try closedLoopbackPort()
        let directory = try project(["hosts.ini": """
            w1 ansible_host=127.0.0.1 ansible_port=\(closed)
            w2 ansible_host=127.0.0.1 ansible_port=\(closed)
            w3 ansible_host=127.0.0.1 ansible_port=\(closed)

            [all:vars]
            ansible_ssh_common_args='-o ControlMaster=auto -o ControlPersist=60s -o StrictHostKeyChecking=yes'
            """])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try run(["ping", "-i", "hosts.ini", "--known-hosts", directory + "/known_hosts"], in: directory)
        #expect(result.status == 4, "\(result)")
        let warning = "warning: ansible_ssh_common_args: -o ControlMaster is not honoured by iptfleet (ignored)"
        #expect(result.stderr.components(separatedBy: warning).count == 2, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "-o ControlPersist is not honoured").count == 2, "\(result.stderr)")
    }

    /// A loopback port nothing listens on (connections to it are refused at once).
    private func closedLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
