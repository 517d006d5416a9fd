import Foundation
import TestSupport
import Testing

/// The real `ansible-vault`, beside the `ansible-inventory` the compatibility tests use.
enum AnsibleVaultTool {
    static let path: String? = AnsibleCompatibilityTests.ansibleInventory
        .map { ($0 as NSString).deletingLastPathComponent + "/ansible-vault" }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    static let missing: Comment = "ansible-vault not found: run Scripts/ansible-venv (or set IPTFLEET_ANSIBLE_INVENTORY)"

    /// Runs it in `directory` with an empty ansible.cfg, so no user setting changes the result.
    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> ProcessRunner.Result {
        let config = directory + "/ansible.cfg"
        if !FileManager.default.fileExists(atPath: config) { try "".write(toFile: config, atomically: true, encoding: .utf8) }
        return try ProcessRunner.run(executable, arguments, directory: directory, environment: ["ANSIBLE_CONFIG": config, "PYTHONWARNINGS": "ignore"])
    }
}
