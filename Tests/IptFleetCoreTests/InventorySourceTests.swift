import Foundation
import Testing
import TestSupport
@testable import IptFleetCore
import TestSupport

/// The inventory sources besides INI files: YAML inventories, inventory scripts, directories,
/// host lists and plugin configurations; in particular how each one fails. (The corpus in
/// Tests/Fixtures/inventories compares what they read with ansible-inventory.)
struct InventorySourceTests {
    let directory = TemporaryDirectory()

    /// Writes an executable script.
    func script(_ name: String, _ body: String) throws -> String {
        let path = try directory.write(name, "#!/bin/sh\n" + body)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func loadError(_ sources: [String], ansibleInventory: String? = nil) throws -> InventoryError {
        try #require(throws: InventoryError.self) { try InventoryLoader(ansibleInventory: ansibleInventory).load(sources: sources) }
    }

    // MARK: YAML

    @Test(arguments: [
        ("- a\n", "hosts.yml:1: a YAML inventory must be a mapping of group names (all:, web:, …), not a list"),
        ("web: [a, b]\n", "hosts.yml:1: group 'web' must be a mapping with hosts, vars or children, not a list"),
        ("web:\n  hosts: [a, b]\n", "hosts.yml:2: 'hosts' of group 'web' must be a mapping, not a list"),
        ("web:\n  hosts:\n    a: 5\n", "hosts.yml:3: host 'a' in group 'web' must have a mapping of variables, not an integer"),
        ("web:\n  hosts:\n    a:\n  bogus: 1\n  [x\n", "hosts.yml:6: invalid YAML (column "),
        ("web:\n  hosts:\n    w[1:2000000]:\n", "hosts.yml:3: host entry 'w[1:2000000]' stands for more than 100000 hosts"),
    ])
    func yamlInventoryErrors(text: String, message: String) throws {
        let path = try directory.write("hosts.yml", text)
        let error = try loadError([path])
        #expect(error.description.hasPrefix(directory.path + "/" + message) || error.description.contains(message), "\(error)")
        #expect(!error.description.contains("key=value"), "a YAML file never gets an INI error")
    }

    /// Not yet Ansible's "warn, the last wins" (that would have to drop the earlier group
    /// tree), but no longer an error that prints the whole file.
    @Test func aRepeatedKeyInAYamlInventoryIsAnErrorQuotingOnlyItsLine() throws {
        let path = try directory.write("hosts.yaml", "web:\n  vars: {token: s3cret}\n  hosts: {w1: }\nweb:\n  hosts: {w2: }\n")
        let error = try #require(throws: InventoryError.self) { try InventoryLoader().load(sources: [path]) }
        #expect(error.description == "\(path):1: duplicate key 'web' in an inventory; remove one of them (Ansible would warn and keep the last)")
    }

    @Test func unexpectedYamlKeyIsAWarning() throws {
        let path = try directory.write("hosts.yaml", "web:\n  hosts: w1\n  host:\n    w2:\n")
        let loaded = try InventoryLoader().load(sources: [path])
        #expect(loaded.inventory.hostNames == ["w1"])
        #expect(loaded.warnings == ["\(path):3: skipping unexpected key 'host' in group 'web'; only vars, children and hosts are valid"])
    }

    @Test func fileWithoutExtensionIsYamlThenIni() throws {
        let yaml = try directory.write("a/hosts", "web:\n  hosts:\n    w1:\n")
        let ini = try directory.write("b/hosts", "[db]\nd1 x=1\n")
        let loaded = try InventoryLoader().load(sources: [yaml, ini])
        #expect(loaded.inventory.hostNames == ["w1", "d1"])
    }

    @Test func billionLaughsInAYamlInventoryIsBounded() throws {
        var text = "x0: &a0 {hosts: {h: }}\n"
        for level in 1...30 { text += "x\(level): &a\(level) {children: {a\(level): *a\(level - 1), b\(level): *a\(level - 1)}}\n" }
        let error = try loadError([try directory.write("hosts.yml", text)])
        #expect(error.message.contains("expands to more than 200000 values"))
    }

    // MARK: Scripts

    @Test func scriptFailureNamesTheScriptAndShowsStderr() throws {
        let path = try script("cmdb.sh", "echo 'cannot reach the CMDB' >&2\nexit 3\n")
        let error = try loadError([path])
        #expect(error.description == "\(path): inventory program '\(path) --list' exited with status 3; it wrote to stderr:\ncannot reach the CMDB")
    }

    @Test func scriptWithBadJSONIsAnError() throws {
        let path = try script("cmdb.sh", "echo '{\"web\": [\"w1\",'\necho 'warning: partial output' >&2\n")
        let error = try loadError([path])
        #expect(error.description.hasPrefix("\(path) (--list output): the output is not valid JSON: "))
        #expect(error.description.hasSuffix("; it wrote to stderr:\nwarning: partial output"))
    }

    @Test(arguments: [
        ("[1]", "the output must be a JSON object of groups, not a list"),
        ("{\"_meta\": {}}", "'_meta' must be an object with a 'hostvars' object"),
        ("{\"web\": {\"hosts\": \"w1\"}}", "'web.hosts' must be a list of host names"),
        ("{\"web\": {\"vars\": [1]}}", "'web.vars' must be an object"),
        ("{\"web\": [\"w1\"], \"_meta\": {\"hostvars\": {\"w1\": 5}}}", "'_meta.hostvars' of host 'w1' must be an object"),
        ("{\"web\": [\"a b\"]}", "invalid host name 'a b': contains a space"),
    ])
    func scriptOutputErrors(output: String, message: String) throws {
        let path = try script("inv.sh", "cat <<'EOF'\n\(output)\nEOF\n")
        let error = try loadError([path])
        #expect(error.description.hasPrefix("\(path) (--list output)"), "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func scriptWithoutMetaIsAskedPerHost() throws {
        let path = try script("inv.sh", """
            case "$1" in
            --list) echo '{"web": ["w1", "w2"]}' ;;
            --host) [ "$2" = w1 ] && echo '{"port": 22}' || echo '[1]' ;;
            esac
            """)
        let error = try loadError([path])
        #expect(error.description == "\(path) (--host w2 output): the output must be a JSON object of variables")
    }

    @Test func executableIniFileWithoutShebangIsReadAsIni() throws {
        let path = try directory.write("hosts", "[web]\nw1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        #expect(try InventoryLoader().load(sources: [path]).inventory.hostNames == ["w1"])
    }

    /// The error of running `program` with `--list`.
    func programError(_ program: InventoryProgram) throws -> InventoryError {
        var inventory = Inventory()
        return try #require(throws: InventoryError.self) { try program.load(into: &inventory) }
    }

    @Test func scriptIsStoppedAfterTheTimeLimit() throws {
        let path = try script("slow.sh", "sleep 30\n")
        let error = try programError(InventoryProgram(source: path, executable: path, arguments: [], timeLimit: 1))
        #expect(error.description == "\(path): inventory program '\(path) --list' failed: it did not finish within 1 seconds and was stopped")
    }

    @Test func scriptIsStoppedAfterTooMuchOutput() throws {
        let path = try script("chatty.sh", "exec yes\n")
        let error = try programError(.script(path))
        #expect(error.description == "\(path): inventory program '\(path) --list' failed: it printed more than 16777216 bytes (16 MiB) and was stopped")
    }

    @Test func scriptThatCannotStart() throws {
        let path = directory.path + "/missing"
        let error = try programError(.script(path))
        #expect(error.description.hasPrefix("\(path): inventory program '\(path) --list' failed: cannot run it: "))
    }

    // MARK: Directories and host lists

    @Test func directorySymlinkLoopIsRefused() throws {
        try directory.write("inv/hosts.ini", "w1\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/inv/loop", withDestinationPath: directory.path + "/inv")
        let error = try loadError([directory.path + "/inv"])
        #expect(error.message == "inventory directories nest more than 16 levels deep (a symbolic link to a parent directory?)")
    }

    @Test func directoryFollowsTheIgnoreRules() throws {
        try directory.write("inv/a.ini", "[a]\na1\n")
        try directory.write("inv/b.yml", "b:\n  hosts: b1\n")
        try directory.write("inv/old-c.yml", "c:\n  hosts: c1\n")
        try directory.write("inv/notes.txt", "[broken\n")
        let defaults = try InventoryLoader().load(sources: [directory.path + "/inv"])
        #expect(defaults.inventory.hostNames == ["a1", "b1", "c1"])
        let rules = try InventoryIgnoreRules(extensions: [".ini", ".txt"], patterns: ["^old-"])
        let custom = try InventoryLoader(ignoreRules: rules).load(sources: [directory.path + "/inv"])
        #expect(custom.inventory.hostNames == ["b1"])
    }

    @Test func hostListExpandsRangesAsAdvancedHostList() throws {
        let loaded = try InventoryLoader().load(sources: ["web[1:3].example.com,db:2222,web1.example.com,"])
        #expect(loaded.inventory.hostNames == ["web1.example.com", "web2.example.com", "web3.example.com", "db"])
        #expect(loaded.inventory.groups["ungrouped"]?.hosts.count == 4)
        #expect(loaded.inventory.hosts["db"]?.variables["ansible_port"]?.value == .int(2222))
    }

    // MARK: Plugin configurations

    @Test func pluginWithoutAnsibleIsRefusedWithTheWayOut() throws {
        let path = try directory.write("aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n")
        let error = try loadError([path])
        #expect(error.description == "\(path): configures the inventory plugin 'amazon.aws.aws_ec2', which only Ansible can run; install ansible-core so that ansible-inventory is in PATH, or write the inventory out once with 'ansible-inventory -i \(path) --list -y > hosts.yml' and use that file")
    }

    @Test func pluginIsReadThroughAnsibleInventory() throws {
        let path = try directory.write("constructed.yml", "plugin: constructed\n")
        let fake = try script("ansible-inventory", """
            [ "$1" = -i ] && [ "$3" = --list ] || exit 9
            echo '{"_meta": {"hostvars": {"a1": {"x": 1}}}, "all": {"children": ["ungrouped", "aws"]}, "aws": {"hosts": ["a1"]}}'
            """)
        let loaded = try InventoryLoader(ansibleInventory: fake).load(sources: [path])
        #expect(loaded.inventory.groups["aws"]?.hosts == ["a1"])
        #expect(loaded.variables(forHost: "a1")["x"]?.value == .int(1))
        #expect(loaded.notes == ["\(path): read through '\(fake) -i \(path) --list' (it configures the inventory plugin 'constructed')"])
    }

    /// A `constructed` configuration after other sources (as in an inventory directory whose
    /// INI file sorts first) groups the hosts read before it; iptfleet cannot give it those, so it
    /// refuses instead of listing the inventory without the constructed groups.
    @Test func constructedAfterOtherSourcesIsRefused() throws {
        let hosts = try directory.write("inventory/01-hosts.ini", "[web]\nw1 role=front\n")
        let constructed = try directory.write("inventory/02-constructed.yml", "plugin: ansible.builtin.constructed\nkeyed_groups:\n  - key: role\n")
        let fake = try script("ansible-inventory", "echo '{\"_meta\": {\"hostvars\": {}}, \"all\": {\"children\": [\"ungrouped\"]}}'\n")
        let error = try #require(throws: InventoryError.self) {
            try InventoryLoader(ansibleInventory: fake).load(sources: [(hosts as NSString).deletingLastPathComponent])
        }
        #expect(error.description == "\(constructed): configures the inventory plugin 'ansible.builtin.constructed', which builds groups from the hosts of the sources read before it; iptfleet can only run it on its own, where it would see no host, so its groups would be missing: write the whole inventory out once with 'ansible-inventory -i … --list -y > hosts.yml' (all your -i, in order) and use that file")
        // First (or alone) it sees no host in Ansible either, and is read as before.
        #expect(try InventoryLoader(ansibleInventory: fake).load(sources: [constructed, hosts]).inventory.hosts.keys.sorted() == ["w1"])
    }

    @Test func ansibleInventoryIsFoundInPath() throws {
        let fake = try script("bin/ansible-inventory", "exit 0\n")
        #expect(InventoryLoader.ansibleInventoryInPath(["PATH": "/nonexistent:" + directory.path + "/bin"]) == fake)
        #expect(InventoryLoader.ansibleInventoryInPath(["PATH": "/nonexistent"]) == nil)
    }
}
