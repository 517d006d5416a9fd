import Foundation
import Testing
import TestSupport
@testable import IptFleetCore

/// Runs the real ansible-vault now, on a fresh random value, and decrypts what it made: the
/// committed fixtures cannot tell whether a newer ansible-vault still writes what iptfleet reads.
@Suite(.enabled(if: AnsibleVaultTool.path != nil, AnsibleVaultTool.missing))
struct VaultLiveTests {
    @Test(arguments: [nil, "live"] as [String?])
    func encryptStringThenDecryptWithIptfleet(label: String?) throws {
        let vault = try #require(AnsibleVaultTool.path)
        let scratch = TemporaryDirectory()
        let password = "live-\(UUID().uuidString)"
        let secret = "fresh secret \(UUID().uuidString) ü"
        let passwordFile = try scratch.write("password", password + "\n")
        let identity = label.map { ["--vault-id", "\($0)@\(passwordFile)"] } ?? ["--vault-password-file", passwordFile]
        let result = try AnsibleVaultTool.run(vault, ["encrypt_string"] + identity + [secret, "--name", "live_secret"], in: scratch.path)
        try #require(result.status == 0, "\(result)")
        #expect(result.stdout.contains(label.map { "$ANSIBLE_VAULT;1.2;AES256;\($0)" } ?? "$ANSIBLE_VAULT;1.1;AES256"))
        let variables = try VarsFileLoader.parse(result.stdout, path: "live.yml")
        let value = try #require(variables["live_secret"]?.value)
        let keyring = VaultKeyring([VaultSecret(label: label ?? "default", source: "test", password: Array(password.utf8))])
        #expect(try VaultReveal.revealed(value, vault: keyring) == .string(secret))
    }

    @Test func encryptAFileThenLoadItAsGroupVars() throws {
        let vault = try #require(AnsibleVaultTool.path)
        let scratch = TemporaryDirectory()
        let password = "live-\(UUID().uuidString)"
        let passwordFile = try scratch.write("password", password + "\n")
        let value = UUID().uuidString
        let file = try scratch.write("inventory/group_vars/web.yml", "live_value: \(value)\n")
        try scratch.write("inventory/hosts.ini", "[web]\nw1\n")
        let result = try AnsibleVaultTool.run(vault, ["encrypt", "--vault-password-file", passwordFile, file], in: scratch.path)
        try #require(result.status == 0, "\(result)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("$ANSIBLE_VAULT;1.1;AES256\n"))
        let keyring = try VaultPasswordReader { _ in "" }.keyring([VaultIdentity(label: "default", source: passwordFile, givenBy: "--vault-password-file")]).0
        let loaded = try InventoryLoader(vault: keyring).load(sources: [scratch.path + "/inventory/hosts.ini"])
        #expect(loaded.variables(forHost: "w1")["live_value"]?.value == .string(value))
    }
}
