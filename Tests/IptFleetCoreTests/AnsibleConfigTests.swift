import Foundation
import Testing
import TestSupport
@testable import IptFleetCore

struct AnsibleConfigTests {
    @Test func readsTheSettingsIptfleetUses() throws {
        let config = try AnsibleConfig.parse("""
            # project settings
            [defaults]
            inventory = inventories/prod/hosts.ini, /abs/other.ini ; two sources
            remote_user: deploy
            private_key_file = ~/.ssh/fleet
            forks = 7
            host_key_checking = False
            timeout = 15
            gathering = smart
            ssh_args = -C
              -o ControlMaster=auto

            [privilege_escalation]
            become = True
            become_user = "admin"

            [ssh_connection]
            pipelining = True
            """, path: "/project/ansible.cfg", homeDirectory: "/home/op")
        #expect(config.path == "/project/ansible.cfg")
        #expect(config.inventory == ["/project/inventories/prod/hosts.ini", "/abs/other.ini"])
        #expect(config.remoteUser == "deploy")
        #expect(config.privateKeyFile == "/home/op/.ssh/fleet")
        #expect(config.forks == 7 && config.timeout == 15)
        #expect(config.hostKeyChecking == false)
        #expect(config.become == true && config.becomeUser == "admin")
    }

    @Test func readsTheTransportWithWhereItWasSet() throws {
        let config = try AnsibleConfig.parse("[defaults]\ntransport = local\n", path: "/p/ansible.cfg", homeDirectory: "/")
        #expect(config.transport == ConnectionTypeSetting(name: "local", origin: "[defaults] transport, /p/ansible.cfg:2"))
        let fromEnvironment = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": "/nonexistent.cfg", "ANSIBLE_TRANSPORT": "smart"],
                                                     currentDirectory: "/nonexistent", homeDirectory: "/nonexistent")
        #expect(fromEnvironment.transport == ConnectionTypeSetting(name: "smart", origin: "environment variable ANSIBLE_TRANSPORT"))
    }

    /// Ansible expands environment variables in path settings (forklift's ansible.cfg has
    /// `inventory = $PWD/inventories/`); an unset one stays as written, as in Python.
    @Test func pathsExpandEnvironmentVariables() throws {
        let config = try AnsibleConfig.parse("""
            [defaults]
            inventory = $PWD/inventories/, ${SITE}/hosts, $UNSET/x, cost$
            private_key_file = $KEYS/fleet
            """, path: "/project/ansible.cfg", homeDirectory: "/home/op",
            environment: ["PWD": "/home/op/checkout", "SITE": "~/site", "KEYS": "/keys"])
        #expect(config.inventory == ["/home/op/checkout/inventories/", "/home/op/site/hosts", "/project/$UNSET/x", "/project/cost$"])
        #expect(config.privateKeyFile == "/keys/fleet")
        let fromEnvironment = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": "/nonexistent.cfg", "ANSIBLE_INVENTORY": "$PROJECT/hosts", "PROJECT": "/srv/p"],
                                                     currentDirectory: "/nonexistent", homeDirectory: "/nonexistent")
        #expect(fromEnvironment.inventory == ["/srv/p/hosts"])
    }

    /// cp-ansible's ansible.cfg sets `hash_behaviour=merge`; iptfleet replaces mappings whole,
    /// which no firewall variable notices, and says so instead of ignoring the setting silently.
    @Test func hashBehaviourMergeIsWarnedAbout() throws {
        let merge = try AnsibleConfig.parse("[defaults]\nhash_behaviour=merge\n", path: "/p/ansible.cfg", homeDirectory: "/")
        #expect(merge.warnings.count == 1)
        #expect(merge.warnings.first?.hasPrefix("/p/ansible.cfg:2: hash_behaviour = merge is not followed: iptfleet replaces mapping variables whole") == true)
        #expect(try AnsibleConfig.parse("[defaults]\nhash_behaviour = replace\n", path: "/p/ansible.cfg", homeDirectory: "/").warnings.isEmpty)
        let overridden = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": "/nonexistent.cfg", "ANSIBLE_HASH_BEHAVIOUR": "merge"],
                                                currentDirectory: "/nonexistent", homeDirectory: "/nonexistent")
        #expect(overridden.warnings.first?.hasPrefix("environment variable ANSIBLE_HASH_BEHAVIOUR: hash_behaviour = merge") == true)
    }

    @Test(arguments: [
        ("$A/b", "1/b"), ("${A}b", "1b"), ("$A$B", "12"), ("$AB", "$AB"), ("${A", "${A"), ("a$", "a$"),
        ("$-x", "$-x"), ("$$A", "$1"), ("${}", "${}"), ("${A B}", "3"), ("$Ä", "$Ä"), ("no variables", "no variables"),
    ])
    func expandsVariablesAsPython(path: String, expanded: String) {
        #expect(EnvironmentVariableExpansion.expand(path, environment: ["A": "1", "B": "2", "A B": "3"]) == expanded)
    }

    @Test func readsWhatInventoryDirectoriesSkip() throws {
        let config = try AnsibleConfig.parse("""
            [inventory]
            ignore_extensions = .ini, '~'
            ignore_patterns = ^old-, backup
            """, path: "/project/ansible.cfg", homeDirectory: "/home/op")
        #expect(config.inventoryIgnoreRules == (try InventoryIgnoreRules(extensions: [".ini", "~"], patterns: ["^old-", "backup"])))
        #expect(config.inventoryIgnoreRules.ignores("hosts.ini") && config.inventoryIgnoreRules.ignores("old-hosts.yml"))
        #expect(config.inventoryIgnoreRules.ignores("my-backup") && !config.inventoryIgnoreRules.ignores("hosts.md"))
        #expect(try AnsibleConfig.parse("", path: "/p/ansible.cfg", homeDirectory: "/").inventoryIgnoreRules == .ansibleDefault)
        let fromEnvironment = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": "/nonexistent.cfg", "ANSIBLE_INVENTORY_IGNORE": ".yml"],
                                                     currentDirectory: "/nonexistent", homeDirectory: "/nonexistent")
        #expect(fromEnvironment.inventoryIgnoreRules.extensions == [".yml"])
    }

    @Test(arguments: [
        ("[defaults]\nforks = many\n", "/p/ansible.cfg:2: [defaults] forks: expected a positive whole number, got 'many'"),
        ("[defaults]\ntimeout = 0\n", "/p/ansible.cfg:2: [defaults] timeout: expected a positive whole number, got '0'"),
        ("[defaults]\nhost_key_checking = sometimes\n", "/p/ansible.cfg:2: [defaults] host_key_checking: expected a boolean (yes/no, true/false, on/off, 1/0), got 'sometimes'"),
        ("[privilege_escalation]\nbecome = maybe\n", "/p/ansible.cfg:2: [privilege_escalation] become: expected a boolean (yes/no, true/false, on/off, 1/0), got 'maybe'"),
        ("remote_user = x\n", "/p/ansible.cfg:1: 'remote_user = x' comes before any [section] header"),
        ("[defaults]\njust words\n", "/p/ansible.cfg:2: expected 'key = value' or a [section], got 'just words'"),
        ("[defaults\n", "/p/ansible.cfg:1: a section header needs a closing ']'"),
        ("[defaults]\ninventory_ignore_patterns = (unclosed\n",
         "/p/ansible.cfg:2: [defaults] inventory_ignore_patterns: inventory ignore pattern '(unclosed' is not a regular expression"),
    ])
    func badLinesNameFileAndLine(text: String, message: String) {
        #expect(throws: AnsibleConfigError.self) { try AnsibleConfig.parse(text, path: "/p/ansible.cfg", homeDirectory: "/root") }
        do {
            _ = try AnsibleConfig.parse(text, path: "/p/ansible.cfg", homeDirectory: "/root")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func firstFoundWinsAsInAnsible() throws {
        let home = TemporaryDirectory(), project = TemporaryDirectory(), elsewhere = TemporaryDirectory()
        try home.write(".ansible.cfg", "[defaults]\nremote_user = from-home\n")
        // Nothing in the working directory: ~/.ansible.cfg.
        var config = try AnsibleConfig.load(environment: [:], currentDirectory: elsewhere.path, homeDirectory: home.path)
        #expect(config.remoteUser == "from-home" && config.path == home.path + "/.ansible.cfg")
        // ./ansible.cfg beats ~/.ansible.cfg.
        try project.write("ansible.cfg", "[defaults]\nremote_user = from-project\ninventory = hosts.ini\n")
        config = try AnsibleConfig.load(environment: [:], currentDirectory: project.path, homeDirectory: home.path)
        #expect(config.remoteUser == "from-project" && config.inventory == [project.path + "/hosts.ini"])
        // ANSIBLE_CONFIG beats both, as a file or as a directory holding ansible.cfg.
        let named = try elsewhere.write("custom.cfg", "[defaults]\nremote_user = from-env\n")
        config = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": named], currentDirectory: project.path, homeDirectory: home.path)
        #expect(config.remoteUser == "from-env")
        try elsewhere.write("ansible.cfg", "[defaults]\nremote_user = from-env-dir\n")
        config = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": elsewhere.path], currentDirectory: project.path, homeDirectory: home.path)
        #expect(config.remoteUser == "from-env-dir")
    }

    @Test func aWorldWritableWorkingDirectoryIsPassedOverWithAWarning() throws {
        let home = TemporaryDirectory(), project = TemporaryDirectory()
        try project.write("ansible.cfg", "[defaults]\nremote_user = untrusted\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: project.path)
        let config = try AnsibleConfig.load(environment: [:], currentDirectory: project.path, homeDirectory: home.path)
        #expect(config.remoteUser == nil || config.path == "/etc/ansible/ansible.cfg")
        #expect(config.warnings == ["\(project.path)/ansible.cfg is ignored: its directory is world-writable (Ansible ignores it too); set ANSIBLE_CONFIG to use it"])
    }

    @Test func environmentVariablesWinOverTheFileAsInAnsible() throws {
        let home = TemporaryDirectory(), project = TemporaryDirectory()
        try project.write("ansible.cfg", "[defaults]\nremote_user = from-file\nforks = 3\nhost_key_checking = True\n")
        let environment = ["ANSIBLE_REMOTE_USER": "from-env", "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_INVENTORY": "a.ini,/b.ini",
                           "ANSIBLE_BECOME": "yes"]
        let config = try AnsibleConfig.load(environment: environment, currentDirectory: project.path, homeDirectory: home.path)
        #expect(config.remoteUser == "from-env" && config.forks == 3 && config.hostKeyChecking == false && config.become == true)
        #expect(config.inventory == [project.path + "/a.ini", "/b.ini"])
        #expect(throws: AnsibleConfigError(file: "environment variable ANSIBLE_FORKS", line: nil, message: "expected a positive whole number, got 'x'")) {
            try AnsibleConfig.load(environment: ["ANSIBLE_FORKS": "x"], currentDirectory: project.path, homeDirectory: home.path)
        }
        #expect(AnsibleConfigError(file: "environment variable ANSIBLE_FORKS", line: nil, message: "m").description == "environment variable ANSIBLE_FORKS: m")
    }

    @Test func anUnreadableFileIsAnError() throws {
        let home = TemporaryDirectory(), project = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: project.path + "/ansible.cfg", withIntermediateDirectories: true)
        do {
            _ = try AnsibleConfig.load(environment: [:], currentDirectory: project.path, homeDirectory: home.path)
            Issue.record("read a directory as ansible.cfg")
        } catch {
            #expect(error.description.hasPrefix("\(project.path)/ansible.cfg: cannot read it: "), "\(error)")
        }
    }

    @Test func noFileAnywhereIsEmpty() throws {
        let home = TemporaryDirectory(), project = TemporaryDirectory()
        let config = try AnsibleConfig.load(environment: [:], currentDirectory: project.path, homeDirectory: home.path)
        if !FileManager.default.fileExists(atPath: "/etc/ansible/ansible.cfg") {
            #expect(config == AnsibleConfig())
        }
    }
}
