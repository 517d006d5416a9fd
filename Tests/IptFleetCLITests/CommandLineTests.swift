import Foundation
import TestSupport
import Testing

/// Runs the built `iptfleet` binary as a user would, on the shipped sample and on bad input.
struct CommandLineTests {
    static func run(_ arguments: [String], in directory: String = Repository.root) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.iptfleet, arguments, directory: directory)
    }

    static func temporaryDirectory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-cli-\(UUID().uuidString)").path
        for (name, content) in files {
            let full = path + "/" + name
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return path
    }

    @Test func renderDryRunOnTheShippedSample() throws {
        let result = try Self.run(["render", "manager1", "-i", "Inventory/hosts.ini", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let headers = result.stdout.split(separator: "\n").filter { $0.hasPrefix("==> ") }
        #expect(headers.count == 3)
        #expect(headers[0].hasPrefix("==> manager1: /usr/local/sbin/iptables-docker.sh (owner root:root, mode 0700, sha256 "))
        #expect(headers[1].hasPrefix("==> manager1: /etc/systemd/system/iptables-docker.service (owner root:root, mode 0644, sha256 "))
        #expect(headers[2].hasPrefix("==> manager1: /etc/systemd/system/docker.service.d/iptables-docker.conf (owner root:root, mode 0644, sha256 "))
        #expect(result.stderr.isEmpty, "the sample must be clean: \(result.stderr)")
    }

    @Test func renderOutWritesEachFileAtItsRemotePath() throws {
        let out = try Self.temporaryDirectory([:])
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try Self.run(["render", "registry", "-i", "Inventory/hosts.ini", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let script = out + "/usr/local/sbin/iptables-docker.sh"
        let attributes = try FileManager.default.attributesOfItem(atPath: script)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(try String(contentsOfFile: script, encoding: .utf8).contains("2222"), "registry's ansible_port 2222 must reach the SSH rule")
    }

    @Test func inventoryListGraphAndHost() throws {
        let list = try Self.run(["inventory", "-i", "Inventory/hosts.ini", "--list"])
        #expect(list.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        #expect((document["swarm"] as? [String: Any])?["children"] as? [String] == ["swarm_managers", "swarm_workers"])
        let graph = try Self.run(["inventory", "-i", "Inventory/hosts.ini", "--graph", "standalone"])
        #expect(graph.stdout == "@standalone:\n  |--ci-runner\n  |--registry\n")
        let host = try Self.run(["inventory", "-i", "Inventory/hosts.ini", "--host", "registry"])
        #expect(host.stdout.contains("\"ansible_port\": 2222"))
    }

    /// `vars HOST` names each variable's source, the playbook directory's group_vars included;
    /// `--json` gives every variable of the host, typed.
    @Test func varsShowsEachValueAndWhereItCameFrom() throws {
        let project = try Self.temporaryDirectory([
            "inventory/hosts.ini": "[web]\nw1 ansible_ssh_port=2222\n",
            "inventory/group_vars/web.yml": "ssh_allow_cidr: 10.0.0.0/8\nextra: 1\n",
            "play/group_vars/web.yml": "---\nswarm_enabled: true\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: project) }
        let arguments = ["vars", "w1", "-i", "inventory/hosts.ini", "--playbook-dir", "play", "-e", "iptables_ipv6=no",
                         "-e", "ansible_become_password=hunter2"]
        let text = try Self.run(arguments, in: project)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ssh_allow_cidr = \"10.0.0.0/8\"  # inventory/group_vars/web.yml:1"))
        #expect(lines.contains("swarm_enabled = true  # play/group_vars/web.yml:2"))
        #expect(lines.contains("ansible_ssh_port = 2222  # inventory/hosts.ini:2"))
        #expect(lines.contains("iptables_ipv6 = \"no\"  # -e"))
        #expect(lines.contains("docker_preserve = true  # default"))
        #expect(lines.contains("ansible_host is not set"))
        #expect(lines.contains("ansible_become_password = ***  # -e") && !text.stdout.contains("hunter2"), "a secret is never printed")
        let json = try Self.run(arguments + ["--json"], in: project)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["extra"] as? Int == 1 && document["ansible_ssh_port"] as? Int == 2222)
        #expect(document["swarm_enabled"] as? Bool == true && document["iptables_backup_keep"] as? Int == 10)
        let unknown = try Self.run(["vars", "nope", "-i", "inventory/hosts.ini"], in: project)
        #expect(unknown.status == 1 && unknown.stderr.contains("host 'nope' is not in the inventory"))
    }

    /// Without --playbook-dir the group_vars/ of the current directory apply above the
    /// inventory's, as ansible-inventory reads them; ANSIBLE_CONFIG's directory comes first.
    @Test func thePlaybookDirectoryDefaultsToTheProjectOrTheCurrentDirectory() throws {
        let project = try Self.temporaryDirectory([
            "inventory/hosts.ini": "[web]\nw1\n",
            "inventory/group_vars/web.yml": "swarm_enabled: false\n",
            "group_vars/web.yml": "swarm_enabled: true\n",
            "elsewhere/ansible.cfg": "[defaults]\n",
            "elsewhere/group_vars/web.yml": "swarm_enabled: \"on\"\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: project) }
        let current = try Self.run(["vars", "w1", "-i", "inventory/hosts.ini"], in: project)
        #expect(current.stdout.contains("swarm_enabled = true  # ./group_vars/web.yml:1"), "\(current.stdout)")
        let configured = try ProcessRunner.run(ProcessRunner.iptfleet, ["vars", "w1", "-i", "inventory/hosts.ini"], directory: project,
                                               environment: ["ANSIBLE_CONFIG": project + "/elsewhere/ansible.cfg"])
        #expect(configured.stdout.contains("swarm_enabled = \"on\"  # \(project)/elsewhere/group_vars/web.yml:1"), "\(configured.stdout)")
    }

    /// Bad input: exit status 1, every problem with file and line, and the promise that nothing
    /// was sent.
    @Test(arguments: [
        (["hosts.ini": "[web]\nw1\n[web:bogus]\n"], "hosts.ini:3: section [web:bogus] has unknown type 'bogus'"),
        (["hosts.ini": "[a:children]\nb\n[b:children]\na\n"], "hosts.ini:4: adding group 'a' as a child of 'b' creates a dependency loop"),
        (["hosts.ini": "w1\n", "group_vars/all.yml": "a: [1,\nb: 2\n"], "group_vars/all.yml:"),
        (["hosts.ini": "w1\n", "host_vars/w1.yml": "---\nssh_allow_cidr: 10.0.0.0/40\n"], "host_vars/w1.yml:2: host 'w1': ssh_allow_cidr: \"10.0.0.0/40\" is not a valid"),
    ])
    func badInputExitsOneAndNamesFileAndLine(files: [String: String], message: String) throws {
        let directory = try Self.temporaryDirectory(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run(["render", "all", "-i", directory + "/hosts.ini"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: \(directory)/\(message)"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was sent to any host"))
    }

    @Test func missingInventoryIsAUsageError() throws {
        let result = try Self.run(["render", "h1"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no inventory given"))
    }
}
