import Foundation
import TestSupport
import Testing

/// Ansible Vault through the built binary: every password source, the errors, and no decrypted
/// value in any output, log or run record. The ciphertexts are those of `Tests/Fixtures/vault`
/// (made by the real ansible-vault; see its README).
struct VaultCommandLineTests {
    static let fixtures = Repository.fixture("vault")

    /// The decrypted values of the project's vault data: none may ever be printed.
    static let secrets = ["hunter2-file-1.1", "become-secret-inline", "backend-secret-value", "iptfleet-test-default", "iptfleet-test-prod"]

    /// A project: `db` takes its variables from a vault-encrypted file (password-default), `web`
    /// from inline values (ssh_allow_cidr under the id prod, the become password under default).
    static func project(extra: [String: String] = [:]) throws -> String {
        let fixture = { (name: String) in try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8) }
        return try CommandLineTests.temporaryDirectory([
            "hosts.ini": "[web]\nweb1 ansible_host=127.0.0.1 ansible_port=1\n\n[db]\ndb1 ansible_host=127.0.0.1 ansible_port=1\n",
            "group_vars/db.yml": try fixture("vars-1.1.yml"),
            "group_vars/web.yml": try fixture("inline-used.yml"),
            "password-default": try fixture("password-default"),
            "password-prod": try fixture("password-prod"),
            "ansible.cfg": "",
        ].merging(extra) { $1 })
    }

    static func run(_ arguments: [String], in project: String, environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.iptfleet, arguments, directory: project,
                              environment: ["ANSIBLE_CONFIG": project + "/ansible.cfg", "XDG_STATE_HOME": project + "/state"].merging(environment) { $1 })
    }

    static let bothPasswords = ["--vault-password-file", "password-default", "--vault-id", "prod@password-prod"]

    static func expectNoSecret(_ texts: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in texts {
            for secret in secrets where text.contains(secret) {
                Issue.record("a decrypted value or password reached the \(name): \(secret)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func renderUsesDecryptedValuesFromFilesAndInlineValues() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try Self.run(["render", "all", "-i", "hosts.ini", "--dry-run"] + Self.bothPasswords, in: project)
        #expect(result.status == 0, "\(result)")
        // web1's ssh_allow_cidr came from an inline value of id prod, db1's from the vault file.
        let web = result.stdout.components(separatedBy: "==> db1:").first ?? ""
        #expect(web.contains("10.20.0.0/16") && result.stdout.contains("10.11.0.0/16"), "\(result.stdout.prefix(3000))")
        Self.expectNoSecret([("stderr", result.stderr)])
    }

    /// Every place a password can come from, each alone, opens both.
    @Test(arguments: ["cli", "alias", "env", "identity-list-env", "ansible.cfg", "identity-list-cfg", "script"])
    func everyPasswordSourceWorks(source: String) throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        var arguments = ["render", "all", "-i", "hosts.ini", "--dry-run"]
        var environment: [String: String] = [:]
        switch source {
        case "cli": arguments += Self.bothPasswords
        case "alias": arguments += ["--vault-pass-file", "password-default", "--vault-id", "prod@password-prod"]
        case "env": environment = ["ANSIBLE_VAULT_PASSWORD_FILE": project + "/password-default"]; arguments += ["--vault-id", "prod@password-prod"]
        case "identity-list-env": environment = ["ANSIBLE_VAULT_IDENTITY_LIST": "default@password-default,prod@password-prod"]
        case "ansible.cfg": try "[defaults]\nvault_password_file = password-default\n".write(toFile: project + "/ansible.cfg", atomically: true, encoding: .utf8)
            arguments += ["--vault-id", "prod@password-prod"]
        case "identity-list-cfg": try "[defaults]\nvault_identity_list = default@password-default, prod@password-prod\n".write(toFile: project + "/ansible.cfg", atomically: true, encoding: .utf8)
        default:
            let script = project + "/vault-pass.sh"
            try "#!/bin/sh\ncat \"$(dirname \"$0\")/password-prod\"\n".write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            arguments += ["--vault-password-file", "password-default", "--vault-id", "prod@" + script]
        }
        let result = try Self.run(arguments, in: project, environment: environment)
        #expect(result.status == 0, "\(source): \(result)")
        #expect(result.stdout.contains("10.20.0.0/16") && result.stdout.contains("10.11.0.0/16"), "\(source)")
    }

    @Test func noPasswordNamesTheFileAndWhereAPasswordCanComeFrom() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try Self.run(["render", "all", "-i", "hosts.ini", "--dry-run"], in: project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("group_vars/db.yml:1: this file is vault-encrypted but no vault password was given; give one with --vault-password-file FILE"), "\(result)")
        #expect(result.stderr.contains("group_vars/web.yml:1: host 'web1': ssh_allow_cidr: this value is vault-encrypted but no vault password was given"), "\(result)")
        #expect(result.stderr.contains("nothing was sent to any host"), "\(result)")
    }

    /// As in Ansible: the vault file of group db stops nothing for a host outside db, and an
    /// inline value stays encrypted until used.
    @Test func anUnrelatedGroupsVaultFileNeedsNoPassword() throws {
        let project = try Self.project(extra: ["group_vars/web.yml": "ssh_allow_cidr: 10.30.0.0/16\n"])
        defer { try? FileManager.default.removeItem(atPath: project) }
        let limited = try Self.run(["render", "web1", "-i", "hosts.ini", "--dry-run"], in: project)
        #expect(limited.status == 0, "\(limited)")
        #expect(limited.stderr.contains("group_vars/db.yml:1: this file is vault-encrypted but no vault password was given") && limited.stderr.contains("not selected by --limit"), "\(limited)")
        let host = try Self.run(["inventory", "-i", "hosts.ini", "--host", "web1"], in: project)
        #expect(host.status == 0 && host.stdout.contains("10.30.0.0/16"), "\(host)")
        let list = try Self.run(["inventory", "-i", "hosts.ini", "--list"], in: project)
        #expect(list.status == 1 && list.stderr.contains("group_vars/db.yml:1: this file is vault-encrypted"), "\(list)")
    }

    @Test func aWrongPasswordSaysWhichIDsWereTried() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try Self.run(["render", "web1", "-i", "hosts.ini", "--dry-run", "--vault-id", "prod@password-default"], in: project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("group_vars/web.yml:1: host 'web1': ssh_allow_cidr: no vault secret could decrypt this vault-encrypted value, which is labelled 'prod'; tried vault id 'prod' (--vault-id password-default) (a wrong password, or the data was changed)"), "\(result)")
        Self.expectNoSecret([("stderr", result.stderr)])
    }

    @Test func aBadValueFromAVaultIsReportedWithoutShowingIt() throws {
        let project = try Self.project(extra: ["host_vars/web1.yml": try String(contentsOfFile: Self.fixtures + "/inline-bad-backend.yml", encoding: .utf8)])
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try Self.run(["render", "web1", "-i", "hosts.ini", "--dry-run"] + Self.bothPasswords, in: project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("expected one of auto, nft, legacy, got a value from a vault (not shown)"), "\(result)")
        Self.expectNoSecret([("stderr", result.stderr)])
    }

    @Test func theBadPasswordSourceIsAnErrorWhenNoneWorks() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try Self.run(["render", "web1", "-i", "hosts.ini", "--dry-run", "--vault-password-file", "no-such-file"], in: project)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("vault password for id 'default' (--vault-password-file no-such-file): the file was not found"), "\(result)")
        let both = try Self.run(["render", "web1", "-i", "hosts.ini", "--dry-run", "--ask-vault-pass", "--vault-password-file", "x"], in: project)
        #expect(both.status == 64 && both.stderr.contains("--ask-vault-pass and --vault-password-file cannot be used together (as in Ansible)"), "\(both)")
    }

    /// `--vault-password-file X` after `--graph` is an option, never the GROUP argument.
    @Test func inventoryGraphTakesVaultOptionsAsOptions() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let all = try Self.run(["inventory", "-i", "hosts.ini", "--graph", "--vault-password-file", "password-default"], in: project)
        #expect(all.status == 0 && all.stdout == "@all:\n  |--@ungrouped:\n  |--@web:\n  |  |--web1\n  |--@db:\n  |  |--db1\n", "\(all)")
        let web = try Self.run(["inventory", "-i", "hosts.ini", "--graph", "web", "--vault-password-file", "password-default"], in: project)
        #expect(web.status == 0 && web.stdout == "@web:\n  |--web1\n", "\(web)")
    }

    /// `vars` masks what came from a vault, whatever its name; `inventory --list` shows inline
    /// values encrypted, as ansible-inventory does.
    @Test func varsMasksVaultValuesAndListingsKeepInlineValuesEncrypted() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let db = try Self.run(["vars", "db1", "-i", "hosts.ini"] + Self.bothPasswords, in: project)
        #expect(db.status == 0 && db.stdout.contains("ssh_allow_cidr = ***  # ./group_vars/db.yml:2"), "\(db)")
        let dbJSON = try Self.run(["vars", "db1", "-i", "hosts.ini", "--json"] + Self.bothPasswords, in: project)
        #expect(dbJSON.status == 0 && dbJSON.stdout.contains(#""db_password": "***""#), "\(dbJSON)")
        let web = try Self.run(["vars", "web1", "-i", "hosts.ini", "--json"], in: project)
        #expect(web.status == 0 && web.stdout.contains(#""__ansible_vault": "$ANSIBLE_VAULT;1.2;AES256;prod\n"#), "\(web)")
        let list = try Self.run(["inventory", "-i", "hosts.ini", "--list", "--limit", "web1"], in: project)
        #expect(list.status == 0 && list.stdout.contains(#""ansible_become_password": {"#), "\(list)")
        Self.expectNoSecret([("vars", db.stdout + db.stderr), ("vars --json", dbJSON.stdout + web.stdout), ("inventory --list", list.stdout)])
    }

    /// A run with vault values leaves no decrypted value in its output, -vvv log, log file,
    /// --json report or run record.
    @Test func noDecryptedValueReachesAnyOutputLogOrRunRecord() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let log = project + "/run.log"
        // --force: the lock-out check would refuse before connecting (this machine is outside ssh_allow_cidr).
        let text = try Self.run(["deploy", "-i", "hosts.ini", "--force", "-vvv", "--log-file", log] + Self.bothPasswords, in: project)
        #expect(text.status == 4, "\(text)")
        let json = try Self.run(["deploy", "-i", "hosts.ini", "--force", "--json"] + Self.bothPasswords, in: project)
        #expect(json.status == 4 && json.stdout.contains("unreachable"), "\(json)")
        let runs = project + "/state/iptfleet/runs"
        let records = try FileManager.default.contentsOfDirectory(atPath: runs).map { try String(contentsOfFile: runs + "/" + $0, encoding: .utf8) }
        #expect(records.count == 2)
        Self.expectNoSecret([("stdout", text.stdout + json.stdout), ("stderr", text.stderr + json.stderr),
                             ("log file", try String(contentsOfFile: log, encoding: .utf8)), ("run record", records.joined())])
    }

    /// Without a terminal, --ask-vault-pass fails at once and says why.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid"), "setsid not installed"))
    func askVaultPassWithoutATerminalIsAnError() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let result = try ProcessRunner.run("/usr/bin/setsid", ["-w", ProcessRunner.iptfleet, "render", "web1", "-i", "hosts.ini", "--dry-run", "--ask-vault-pass"],
                                           directory: project, environment: ["ANSIBLE_CONFIG": project + "/ansible.cfg"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("vault password for id 'default' (--ask-vault-pass prompt_ask_vault_pass): cannot ask for it: "), "\(result)")
    }

    /// --ask-vault-pass and --vault-id LABEL@prompt ask on the terminal, with echo off.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 not installed"))
    func promptsAskOnTheTerminal() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        // A pseudo-terminal: answer each prompt once it is shown, then print what the terminal saw.
        let driver = #"""
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        answers = {b"Vault password: ": b"iptfleet-test-default\n", b"Vault password (prod): ": b"iptfleet-test-prod\n"}
        seen = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            for prompt, answer in answers.items():
                if seen.endswith(prompt):
                    os.write(fd, answer)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(seen.decode("utf-8", "replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """#
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", driver, ProcessRunner.iptfleet, "render", "all", "-i", "hosts.ini", "--dry-run",
                                                               "--vault-id", "prod@prompt", "--ask-vault-pass"],
                                           directory: project, environment: ["ANSIBLE_CONFIG": project + "/ansible.cfg"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Vault password (prod): ") && result.stdout.contains("Vault password: "), "\(result)")
        #expect(result.stdout.contains("10.20.0.0/16") && result.stdout.contains("10.11.0.0/16"), "\(result.stdout.suffix(2000))")
        // Echo was off: the typed passwords never show.
        Self.expectNoSecret([("terminal", result.stdout)])
    }
}
