import Testing
@testable import IptFleetCore

/// Which directory's group_vars/ and host_vars/ count as the playbook's.
struct PlaybookDirectoryTests {
    static func resolve(_ explicit: String?, config: String?) -> String {
        PlaybookDirectory.resolve(explicit: explicit, configPath: config, currentDirectory: "/srv/cwd", homeDirectory: "/home/u")
    }

    @Test func anExplicitDirectoryWins() {
        #expect(Self.resolve("site", config: "/etc/project/ansible.cfg") == "site")
    }

    @Test func theProjectOfAnsibleConfigComesNext() {
        #expect(Self.resolve(nil, config: "/srv/project/ansible.cfg") == "/srv/project")
    }

    @Test(arguments: [nil, "/srv/cwd/ansible.cfg", "/home/u/.ansible.cfg", "/etc/ansible/ansible.cfg"])
    func otherwiseTheCurrentDirectory(config: String?) {
        #expect(Self.resolve(nil, config: config) == ".")
    }
}
