import TestSupport
import Testing
@testable import IptFleetCore

struct FleetLoaderTests {
    private func fleet(_ files: [String: String], extraVars: [String] = [], limit: String? = nil) throws -> Fleet {
        let directory = TemporaryDirectory()
        for (path, content) in files { try directory.write(path, content) }
        return try FleetLoader().load(FleetRequest(inventorySources: [directory.path + "/hosts.ini"], defaultsDirectory: Repository.path("GroupVars"),
                                                   extraVars: extraVars, limit: limit))
    }

    @Test func defaultsAreTheLowestLayerAndExtraVarsTheHighest() throws {
        let loaded = try fleet([
            "hosts.ini": "[web]\nw1 swarm_enabled=True\nw2\n",
            "group_vars/web.yml": "ssh_allow_cidr: 10.0.0.0/8\n",
            "host_vars/w2.yml": "ssh_allow_cidr: 10.2.0.0/16\n",
        ], extraVars: ["iptables_backend=legacy"])
        let policies = Dictionary(uniqueKeysWithValues: loaded.configurations.map { ($0.name, $0.policy) })
        #expect(policies["w1"]?.swarmEnabled == true)
        #expect(policies["w2"]?.swarmEnabled == false)
        #expect(policies["w1"]?.sshSources.ipv4 == ["10.0.0.0/8"])
        #expect(policies["w2"]?.sshSources.ipv4 == ["10.2.0.0/16"])
        #expect(policies.values.allSatisfy { $0.backend == .legacy })
    }

    /// `-e key=value` gives strings, as in Ansible: "true" is a valid boolean word for iptfleet.
    @Test func extraVarsKeyValueStaysAString() throws {
        let loaded = try fleet(["hosts.ini": "h1\n"], extraVars: ["iptables_docker_uninstall=true", #"{"iptables_backup_keep": 3}"#])
        #expect(loaded.configurations[0].policy.uninstall)
        #expect(loaded.configurations[0].policy.backupKeep == 3)
    }

    @Test func allErrorsOfAllSelectedHostsAreReported() throws {
        let error = #expect(throws: FleetError.self) {
            try fleet(["hosts.ini": "a ssh_allow_cidr=bad\nb swarm_cidr=10.0.0.0/99\nc\n"])
        }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.contains("hosts.ini:1: host 'a': ssh_allow_cidr:") == true)
        #expect(error?.problems.last?.contains("hosts.ini:2: host 'b': swarm_cidr:") == true)
    }

    @Test func errorsOutsideTheLimitAreWarnings() throws {
        let loaded = try fleet(["hosts.ini": "a ssh_allow_cidr=bad\nb\n"], limit: "b")
        #expect(loaded.hostNames == ["b"])
        #expect(loaded.warnings.contains { $0.contains("host 'a'") && $0.hasSuffix("(host not selected by --limit)") })
    }

    @Test func limitMatchingNothingIsAnError() {
        let error = #expect(throws: FleetError.self) { try fleet(["hosts.ini": "a\n"], limit: "nosuch") }
        #expect(error?.problems == ["no host matches --limit 'nosuch'"])
    }

    @Test func varsFileForAnUnknownGroupWarns() throws {
        let loaded = try fleet(["hosts.ini": "[web]\nw1\n", "group_vars/webservers.yml": "swarm_enabled: yes\n"])
        #expect(loaded.warnings.contains { $0.contains("group_vars/webservers.yml: no group named 'webservers' in the inventory") })
    }

    @Test func nearMissWarningIsGivenOncePerPlace() throws {
        let loaded = try fleet(["hosts.ini": "[web]\nw1\nw2\n", "group_vars/web.yml": "swarm_enable: yes\n"])
        #expect(loaded.warnings.filter { $0.contains("swarm_enable:") }.count == 1)
    }

    /// A host on the default policy while the project holds vars files that were not read.
    @Test func theDefaultPolicyWithUnreadVarsFilesIsAWarning() throws {
        let directory = TemporaryDirectory()
        try directory.write("inventory/hosts.ini", "[web]\nw1\nw2 ssh_allow_cidr=10.0.0.0/8\n")
        try directory.write("playbooks/group_vars/web.yml", "iptables_allow_rules: []\n")
        let request = { (playbook: String) in
            FleetRequest(inventorySources: [directory.path + "/inventory/hosts.ini"], playbookDirectory: directory.path + playbook,
                         defaultsDirectory: Repository.path("GroupVars"))
        }
        let fleet = try FleetLoader().load(request(""))
        #expect(fleet.warnings == ["w1: every firewall variable comes from the defaults (SSH from anywhere, nothing else open), but \(directory.path)/playbooks/group_vars went unread: iptfleet reads group_vars/ and host_vars/ only beside each inventory source and beside the playbook directory; pass the inventory beside them with -i, or their parent with --playbook-dir"])
        #expect(try FleetLoader().load(request("/playbooks")).warnings.isEmpty)
    }

    @Test func aRepeatedKeyInAnExtraVarsFileIsAWarning() throws {
        let directory = TemporaryDirectory()
        let file = try directory.write("extra.yml", "iptables_backup_keep: 3\niptables_backup_keep: 4\n")
        let loaded = try fleet(["hosts.ini": "h1\n"], extraVars: ["@" + file])
        #expect(loaded.configurations[0].policy.backupKeep == 4)
        #expect(loaded.warnings == ["\(file):2: found duplicate mapping key 'iptables_backup_keep' (first on line 1); the last one wins, as in Ansible"])
    }
}
