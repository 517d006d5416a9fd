import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

/// Ansible Vault decryption against ciphertexts the real ansible-vault made
/// (`Tests/Fixtures/vault`, see its README): both envelope formats, vault ids, wrong, missing
/// and several passwords, damaged data.
struct VaultTests {
    static let fixtures = Repository.fixture("vault")

    static func keyring(_ identities: [(label: String, file: String)]) throws -> VaultKeyring {
        let reader = VaultPasswordReader { _ in Issue.record("no prompt expected"); return "" }
        return try reader.keyring(identities.map { VaultIdentity(label: $0.label, source: fixtures + "/" + $0.file, givenBy: "--vault-id") }).0
    }

    static func text(_ file: String) throws -> String {
        try String(contentsOfFile: fixtures + "/" + file, encoding: .utf8)
    }

    static let origin = VariableOrigin(file: "vault.yml", line: 3)

    @Test func decryptsAFormat11FileMadeByAnsibleVault() throws {
        let plaintext = try Self.keyring([("default", "password-default")]).decrypt(try Self.text("vars-1.1.yml"), at: Self.origin)
        #expect(plaintext == "db_password: hunter2-file-1.1\nssh_allow_cidr: 10.11.0.0/16\n")
    }

    @Test func decryptsAFormat12FileWithItsVaultIDFirst() throws {
        let envelope = try VaultEnvelope(try Self.text("vars-1.2-prod.yml"))
        #expect(envelope.version == "1.2" && envelope.label == "prod" && envelope.cipher == "AES256")
        // The prod secret is tried first although given last; the others still get their turn.
        let keyring = try Self.keyring([("default", "password-default"), ("dev", "password-dev"), ("prod", "password-prod")])
        #expect(keyring.candidates(forLabel: "prod").map(\.label) == ["prod", "default", "dev"])
        #expect(keyring.candidates(forLabel: nil).map(\.label) == ["default", "dev", "prod"])
        #expect(try keyring.decrypt(try Self.text("vars-1.2-prod.yml"), at: Self.origin) == "db_password: hunter2-file-1.2\nssh_allow_cidr: 10.12.0.0/16\n")
    }

    /// As in Ansible, the label only orders the secrets: a secret under another id still opens it.
    @Test func aSecretUnderAnotherLabelStillOpensAnEnvelope() throws {
        let keyring = try Self.keyring([("other", "password-prod")])
        #expect(try keyring.decrypt(try Self.text("vars-1.2-prod.yml"), at: Self.origin).hasPrefix("db_password: hunter2-file-1.2"))
    }

    @Test func inlineValuesOfEveryIDDecryptWhenUsed() throws {
        let variables = try VarsFileLoader.parse(try Self.text("inline.yml"), path: "inline.yml")
        guard case .vault(let text) = variables["secret_prod"]?.value else { Issue.record("not kept encrypted: \(String(describing: variables["secret_prod"]))"); return }
        #expect(text.origin == VariableOrigin(file: "inline.yml", line: text.origin.line) && (text.origin.line ?? 0) > 1)
        #expect(variables["plain_value"]?.value == .string("not a secret"))
        let keyring = try Self.keyring([("default", "password-default"), ("prod", "password-prod"), ("dev", "password-dev")])
        let expected = ["secret_default": "inline secret 1.1", "secret_prod": "inline secret prod", "secret_dev": "inline secret dev"]
        for (name, plaintext) in expected {
            let value = try #require(variables[name]?.value)
            #expect(try VaultReveal.revealed(value, vault: keyring) == .string(plaintext), "\(name)")
        }
    }

    @Test func aWrongPasswordNamesTheValueAndTheIDsTried() throws {
        let keyring = try Self.keyring([("default", "password-default"), ("dev", "password-dev")])
        let error = try #require(throws: InventoryError.self) { try keyring.decrypt(try Self.text("vars-1.2-prod.yml"), at: Self.origin) }
        #expect(error.origin == Self.origin)
        #expect(error.message.contains("no vault secret could decrypt"), "\(error)")
        #expect(error.message.contains("labelled 'prod'") && error.message.contains("vault id 'default'") && error.message.contains("vault id 'dev'"), "\(error)")
        #expect(!error.description.contains("iptfleet-test"), "a password reached the message: \(error)")
    }

    @Test func noPasswordSaysWhereOneCanComeFrom() throws {
        let error = try #require(throws: InventoryError.self) { try VaultKeyring.empty.decrypt(try Self.text("vars-1.1.yml"), at: Self.origin, what: "file") }
        #expect(error.description.hasPrefix("vault.yml:3: this file is vault-encrypted but no vault password was given"), "\(error)")
        for source in ["--vault-password-file", "--vault-id", "--ask-vault-pass", "ANSIBLE_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_IDENTITY_LIST", "vault_password_file", "vault_identity_list"] {
            #expect(error.message.contains(source), "\(source) missing from: \(error)")
        }
    }

    /// One changed hex digit of the HMAC or of the ciphertext: refused before decrypting.
    @Test func aTamperedHMACOrCiphertextIsRefused() throws {
        let keyring = try Self.keyring([("default", "password-default")])
        let original = try VaultEnvelope(try Self.text("vars-1.1.yml"))
        func envelope(salt: [UInt8], hmac: [UInt8], ciphertext: [UInt8]) -> String {
            let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
            let inner = hex(salt) + "\n" + hex(hmac) + "\n" + hex(ciphertext)
            return "$ANSIBLE_VAULT;1.1;AES256\n" + hex(Array(inner.utf8))
        }
        // The untouched re-encoding still opens, so the refusals below are the tampering's doing.
        #expect(try keyring.decrypt(envelope(salt: original.salt, hmac: original.hmac, ciphertext: original.ciphertext), at: Self.origin).hasPrefix("db_password"))
        var hmac = original.hmac
        hmac[0] ^= 1
        var ciphertext = original.ciphertext
        ciphertext[ciphertext.count - 1] ^= 0x80
        for tampered in [envelope(salt: original.salt, hmac: hmac, ciphertext: original.ciphertext),
                         envelope(salt: original.salt, hmac: original.hmac, ciphertext: ciphertext)] {
            let error = try #require(throws: InventoryError.self) { try keyring.decrypt(tampered, at: Self.origin) }
            #expect(error.message.contains("no vault secret could decrypt"), "\(error)")
        }
    }

    @Test(arguments: [
        ("$ANSIBLE_VAULT;1.1", "header has 2 fields"),
        ("$ANSIBLE_VAULT;1.1;AES128\n3132", "cipher 'AES128' is not AES256"),
        ("$ANSIBLE_VAULT;1.1;AES256\nzz", "not hexadecimal"),
        ("$ANSIBLE_VAULT;1.1;AES256\n313", "not hexadecimal"),
        ("$ANSIBLE_VAULT;1.1;AES256\n3132330a3435", "does not hold a salt, an HMAC and a ciphertext"),
        ("$ANSIBLE_VAULT;1.1;AES256\n", "does not hold a salt"),
    ])
    func garbageEnvelopesAreFormatErrors(text: String, reason: String) throws {
        let keyring = try Self.keyring([("default", "password-default")])
        let error = try #require(throws: InventoryError.self) { try keyring.decrypt(text, at: Self.origin) }
        #expect(error.description.contains(": this vault-encrypted value is not valid vault data: ") && error.message.contains(reason), "\(error)")
    }

    @Test func aTruncatedFileIsAFormatError() throws {
        let text = try Self.text("vars-1.1.yml")
        let keyring = try Self.keyring([("default", "password-default")])
        let error = try #require(throws: InventoryError.self) { try keyring.decrypt(String(text.prefix(text.count / 2)), at: Self.origin) }
        #expect(error.message.contains("truncated or damaged"), "\(error)")
    }

    /// Many MiB of well-formed hex is refused or processed without hanging.
    @Test func aHugeEnvelopeIsRefusedBySize() throws {
        let huge = "$ANSIBLE_VAULT;1.1;AES256\n" + String(repeating: "6161", count: InputFile.maximumSize / 4 + 1)
        let error = try #require(throws: VaultEnvelope.FormatError.self) { try VaultEnvelope(huge) }
        #expect(error.reason.contains("iptfleet reads at most"))
    }

    @Test func aVaultFileInGroupVarsIsDecryptedAndItsValuesMarked() throws {
        let directory = TemporaryDirectory()
        try directory.write("hosts.ini", "[db]\ndb1\n[web]\nweb1\n")
        try directory.write("group_vars/db.yml", try Self.text("vars-1.1.yml"))
        let loaded = try InventoryLoader(vault: try Self.keyring([("default", "password-default")])).load(sources: [directory.path + "/hosts.ini"])
        let variable = try #require(loaded.variables(forHost: "db1")["db_password"])
        #expect(variable.value == .string("hunter2-file-1.1") && variable.isVaulted && variable.isSecret)
    }

    /// As in Ansible: a vault file no password opens fails only the hosts that need it.
    @Test func anUnopenedVaultFileFailsOnlyTheHostsOfItsGroup() throws {
        let directory = TemporaryDirectory()
        try directory.write("hosts.ini", "[db]\ndb1\n[web]\nweb1\n")
        try directory.write("group_vars/db.yml", try Self.text("vars-1.1.yml"))
        let loaded = try InventoryLoader().load(sources: [directory.path + "/hosts.ini"])
        #expect(loaded.vaultFailures(forHost: "web1").isEmpty)
        let failures = loaded.vaultFailures(forHost: "db1")
        #expect(failures.count == 1 && failures[0].description.hasPrefix(directory.path + "/group_vars/db.yml:1: this file is vault-encrypted but no vault password was given"), "\(failures)")
    }

    @Test(.enabled(if: AnsibleVaultTool.path != nil, AnsibleVaultTool.missing))
    func aDecryptedFileThatDoesNotParseWithholdsTheParsersMessage() throws {
        let directory = TemporaryDirectory()
        let encrypted = try #require(Self.encrypted("not: [valid yaml secretvalue", password: "pw"))
        let file = try directory.write("group_vars/all.yml", encrypted)
        try directory.write("hosts.ini", "[web]\nweb1\n")
        let keyring = VaultKeyring([VaultSecret(label: "default", source: "test", password: Array("pw".utf8))])
        let loaded = try InventoryLoader(vault: keyring).load(sources: [directory.path + "/hosts.ini"])
        let failure = try #require(loaded.vaultFailures(forHost: "web1").first)
        #expect(failure.description.hasPrefix(file + ":"), "\(failure)")
        #expect(failure.description.hasSuffix(": the decrypted vault file is not valid here (the message is withheld because it could quote the secret text; see it with 'ansible-vault view \(file)')"), "\(failure)")
        #expect(!failure.description.contains("secretvalue"))
    }

    @Test func anExtraVarsFileMayBeAVaultFile() throws {
        let keyring = try Self.keyring([("default", "password-default")])
        var warnings: [String] = []
        let variables = try ExtraVars.parse(["@" + Self.fixtures + "/vars-1.1.yml"], vault: keyring, warnings: &warnings)
        #expect(variables["db_password"]?.value == .string("hunter2-file-1.1") && variables["db_password"]?.isVaulted == true)
        #expect(throws: InventoryError.self) { try ExtraVars.parse(["@" + Self.fixtures + "/vars-1.1.yml"]) }
    }

    /// An inline value in a YAML inventory stays encrypted in listings, as in ansible-inventory.
    @Test func anInlineValueInAYAMLInventoryIsListedEncrypted() throws {
        let directory = TemporaryDirectory()
        let inline = try Self.text("inline.yml").components(separatedBy: "secret_prod: ")[1].components(separatedBy: "secret_dev:")[0]
        let hosts = try directory.write("hosts.yml", "web:\n  hosts:\n    w1:\n      token: " + inline.replacingOccurrences(of: "\n          ", with: "\n            "))
        let loaded = try InventoryLoader().load(sources: [hosts])
        guard case .vault(let text)? = loaded.variables(forHost: "w1")["token"]?.value else { Issue.record("not kept encrypted"); return }
        #expect(text.origin == VariableOrigin(file: hosts, line: 4))
        #expect(InventoryListing(loaded).hostJSON("w1").contains("\"token\": {\n        \"__ansible_vault\": \"$ANSIBLE_VAULT;1.2;AES256;prod\\n"))
        let keyring = try Self.keyring([("prod", "password-prod")])
        #expect(try VaultReveal.revealed(.vault(text), vault: keyring) == .string("inline secret prod"))
    }

    /// `text` encrypted by the real ansible-vault, or nil when the venv is missing.
    static func encrypted(_ text: String, password: String) -> String? {
        guard let vault = AnsibleVaultTool.path else { return nil }
        let scratch = TemporaryDirectory()
        guard let passwordFile = try? scratch.write("pw", password + "\n"), let plain = try? scratch.write("plain", text),
              let result = try? AnsibleVaultTool.run(vault, ["encrypt", "--vault-password-file", passwordFile, plain], in: scratch.path),
              result.status == 0 else { return nil }
        return try? String(contentsOfFile: plain, encoding: .utf8)
    }
}
