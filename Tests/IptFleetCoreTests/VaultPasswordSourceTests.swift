import Foundation
import Testing
import TestSupport
@testable import IptFleetCore

/// Where vault passwords come from, as ansible-core 2.19 reads them: files, scripts, client
/// scripts, prompts, ansible.cfg and the environment, in Ansible's order.
struct VaultPasswordSourceTests {
    static let noPrompt = VaultPasswordReader { _ in throw CancellationError() }

    static func password(_ identity: VaultIdentity, reader: VaultPasswordReader = noPrompt) throws -> String {
        let keyring = try reader.keyring([identity]).0
        return String(decoding: try #require(keyring.secrets.first).password, as: UTF8.self)
    }

    static func script(_ directory: TemporaryDirectory, _ name: String, _ body: String) throws -> String {
        let path = try directory.write(name, "#!/bin/sh\n" + body + "\n")
        chmod(path, 0o755)
        return path
    }

    /// A file's whole content counts, stripped of surrounding whitespace (Python's strip()).
    @Test func aPasswordFileIsStrippedAsAnsibleStripsIt() throws {
        let directory = TemporaryDirectory()
        let file = try directory.write("pw", "  pass word \r\n\n")
        #expect(try Self.password(VaultIdentity(parsing: file, givenBy: "--vault-password-file")) == "pass word")
    }

    /// An executable's standard output, only newlines stripped.
    @Test func aPasswordScriptPrintsThePassword() throws {
        let directory = TemporaryDirectory()
        let script = try Self.script(directory, "pw.sh", "printf ' from script \\n'")
        #expect(try Self.password(VaultIdentity(parsing: "ops@" + script, givenBy: "--vault-id")) == " from script ")
    }

    /// A `-client` script is asked for the id's password with `--vault-id LABEL`.
    @Test func aClientScriptGetsTheVaultID() throws {
        let directory = TemporaryDirectory()
        let script = try Self.script(directory, "keyring-client.py", #"[ "$1" = --vault-id ] && [ "$2" = prod ] && echo "pw-for-$2" || exit 2"#)
        #expect(try Self.password(VaultIdentity(parsing: "prod@" + script, givenBy: "--vault-id")) == "pw-for-prod")
        let error = try #require(throws: VaultPasswordReader.Failure.self) { try Self.noPrompt.keyring([VaultIdentity(parsing: "dev@" + script, givenBy: "--vault-id")]) }
        #expect(error.description.contains("(--vault-id \(script)): the password client script knows no secret for this vault id: "), "\(error)")
    }

    @Test func aFailingScriptShowsItsStatusAndStderr() throws {
        let directory = TemporaryDirectory()
        let script = try Self.script(directory, "pw.sh", "echo 'keyring locked' >&2; exit 3")
        let error = try #require(throws: VaultPasswordReader.Failure.self) { try Self.noPrompt.keyring([VaultIdentity(parsing: script, givenBy: "--vault-password-file")]) }
        #expect(error.description.hasPrefix("vault password for id 'default' (--vault-password-file \(script)): the password script exited with status 3: keyring locked"), "\(error)")
    }

    /// As in Ansible, a source that fails is a warning while another gives a password.
    @Test func aMissingFileIsAWarningWhenAnotherSourceWorks() throws {
        let directory = TemporaryDirectory()
        let good = try directory.write("pw", "good\n")
        let (keyring, warnings) = try Self.noPrompt.keyring([
            VaultIdentity(parsing: directory.path + "/missing", givenBy: "--vault-password-file"),
            VaultIdentity(parsing: "ok@" + good, givenBy: "--vault-id"),
        ])
        #expect(keyring.secrets.map(\.label) == ["ok"])
        #expect(warnings.count == 1 && warnings[0].contains("/missing): the file was not found"), "\(warnings)")
    }

    @Test(arguments: ["empty", "directory", "missing"])
    func aSourceThatGivesNoPasswordIsAnError(kind: String) throws {
        let directory = TemporaryDirectory()
        let path = switch kind {
        case "empty": try directory.write("pw", " \n")
        case "directory": directory.path
        default: directory.path + "/nothing"
        }
        let error = try #require(throws: VaultPasswordReader.Failure.self) { try Self.noPrompt.keyring([VaultIdentity(parsing: path, givenBy: "--vault-password-file")]) }
        let expected = ["empty": "): it gives an empty password", "directory": "): it is a directory, not a file", "missing": "): the file was not found"][kind] ?? ""
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func promptsAskWithAnsiblesWordsAndStripTheAnswer() throws {
        let asked = PromptLog()
        let reader = VaultPasswordReader { prompt in asked.append(prompt); return " typed \n" }
        let keyring = try reader.keyring([VaultIdentity(parsing: "prod@prompt", givenBy: "--vault-id"),
                                          VaultIdentity(label: "default", source: VaultIdentity.askVaultPass, givenBy: "--ask-vault-pass")]).0
        #expect(asked.prompts == ["Vault password (prod): ", "Vault password: "])
        #expect(keyring.secrets.map { String(decoding: $0.password, as: UTF8.self) } == ["typed", "typed"])
        let failing = VaultPasswordReader { _ in throw CancellationError() }
        #expect(throws: VaultPasswordReader.Failure.self) { try failing.keyring([VaultIdentity(parsing: "prompt", givenBy: "--vault-id")]) }
    }

    @Test func identitiesSplitAtTheFirstAt() {
        #expect(VaultIdentity(parsing: "prod@/a@b", givenBy: "") == VaultIdentity(label: "prod", source: "/a@b", givenBy: ""))
        #expect(VaultIdentity(parsing: "/path", givenBy: "").label == "default")
        #expect(VaultIdentity(parsing: "@/path", givenBy: "").label == "default")
        #expect(VaultIdentity(parsing: "x@prompt", givenBy: "").isPrompt)
    }

    /// ansible-core's order: vault_identity_list, --vault-id, --vault-password-file,
    /// vault_password_file, --ask-vault-pass.
    @Test func identitiesComeInAnsiblesOrder() throws {
        var config = try AnsibleConfig.parse("[defaults]\nvault_password_file = cfg-pw\nvault_identity_list = a@list-a, b@list-b\n",
                                            path: "/project/ansible.cfg", homeDirectory: "/home/u")
        #expect(config.vaultPasswordFile == "/project/cfg-pw" && config.vaultIdentityList == ["a@list-a", "b@list-b"])
        let ordered = VaultIdentity.ordered(vaultIDs: ["c@cli-c"], passwordFiles: ["cli-pw"], askVaultPass: true, config: config)
        #expect(ordered.map(\.label) == ["a", "b", "c", "default", "default", "default"])
        #expect(ordered.map(\.source) == ["list-a", "list-b", "cli-c", "cli-pw", "/project/cfg-pw", VaultIdentity.askVaultPass])
        #expect(ordered[0].givenBy == "[defaults] vault_identity_list, /project/ansible.cfg:3" && ordered[4].givenBy == "[defaults] vault_password_file, /project/ansible.cfg:2")
        config.vaultPasswordFile = nil
        #expect(VaultIdentity.ordered(vaultIDs: [], passwordFiles: [], askVaultPass: false, config: AnsibleConfig()).isEmpty)
    }

    @Test func theEnvironmentWinsOverAnsibleCfg() throws {
        let directory = TemporaryDirectory()
        try directory.write("ansible.cfg", "[defaults]\nvault_password_file = from-file\nask_vault_pass = yes\n")
        let config = try AnsibleConfig.load(environment: ["ANSIBLE_VAULT_PASSWORD_FILE": "env-pw", "ANSIBLE_VAULT_IDENTITY_LIST": "x@env-x,y@env-y"],
                                            currentDirectory: directory.path, homeDirectory: directory.path)
        #expect(config.vaultPasswordFile == directory.path + "/env-pw" && config.vaultPasswordFileOrigin == "environment variable ANSIBLE_VAULT_PASSWORD_FILE")
        #expect(config.vaultIdentityList == ["x@env-x", "y@env-y"] && config.askVaultPass == true)
    }
}

/// The prompts a test's prompt closure was called with.
final class PromptLog: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []

    func append(_ prompt: String) { lock.withLock { asked.append(prompt) } }
    var prompts: [String] { lock.withLock { asked } }
}
