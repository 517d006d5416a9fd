import Testing
import TestSupport
@testable import IptFleetCore
import TestSupport

/// What reading group_vars/ and host_vars/ beside the sources and the playbook tells the user.
struct LoadedInventoryTests {
    let directory = TemporaryDirectory()

    @Test func groupVarsOfAPlayTimeGroupWarnWithTheWayOut() throws {
        let hosts = try directory.write("hosts.ini", "[kube_node]\nn1\n")
        let file = try directory.write("play/group_vars/k8s_cluster.yml", "ssh_allow_cidr: 10.0.0.0/8\n")
        let loaded = try InventoryLoader().load(sources: [hosts], playbookDirectory: directory.path + "/play")
        #expect(loaded.warnings == ["\(file): no group named 'k8s_cluster' in the inventory; these variables apply to nothing (a group made at play time by group_by or add_host does not exist for iptfleet): define it in the inventory, e.g. [k8s_cluster:children] with its member groups, or move these variables to a group the hosts are in"])
    }

    @Test func aRepeatedKeyInGroupVarsIsAWarningAndTheLastWins() throws {
        let hosts = try directory.write("hosts.ini", "[web]\nw1\n")
        let file = try directory.write("group_vars/web.yml", "ssh_allow_cidr: 0.0.0.0/0\nssh_allow_cidr: 10.0.0.0/8\n")
        let loaded = try InventoryLoader().load(sources: [hosts])
        #expect(loaded.variables(forHost: "w1")["ssh_allow_cidr"]?.value == .string("10.0.0.0/8"))
        #expect(loaded.warnings == ["\(file):2: found duplicate mapping key 'ssh_allow_cidr' (first on line 1); the last one wins, as in Ansible"])
    }

    /// The playbook directory may be the inventory's under another spelling: one warning, and
    /// its variables still apply at both levels.
    @Test func aDirectorySpeltTwoWaysIsReadOnce() throws {
        let hosts = try directory.write("hosts.ini", "[web]\nw1\n")
        try directory.write("group_vars/web.yml", "a: 1\n")
        try directory.write("group_vars/nothing.yml", "b: 1\n")
        let loaded = try InventoryLoader().load(sources: [hosts], playbookDirectory: directory.path + "/./")
        #expect(loaded.warnings.count == 1)
        #expect(loaded.variables(forHost: "w1")["a"]?.value == .int(1))
    }
}
