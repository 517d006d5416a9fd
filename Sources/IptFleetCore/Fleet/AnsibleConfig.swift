import Foundation

/// The settings iptfleet takes from Ansible's own configuration file, so that `iptfleet deploy`
/// works in an existing Ansible project directory without `-i`.
///
/// The file is found as Ansible finds it, first found wins: `$ANSIBLE_CONFIG` (a file, or a
/// directory holding `ansible.cfg`), `./ansible.cfg` (not in a world-writable directory, which
/// Ansible also refuses), `~/.ansible.cfg`, `/etc/ansible/ansible.cfg`. Read are `[defaults]`
/// `inventory`, `remote_user`, `private_key_file`, `forks`, `host_key_checking`, `timeout`, `transport` and
/// `[privilege_escalation]` `become`, `become_user`, and what inventory directories skip
/// (`inventory_ignore_extensions`, `inventory_ignore_patterns`, or `[inventory]`
/// `ignore_extensions`, `ignore_patterns`), and where vault passwords come from
/// (`vault_password_file`, `vault_identity_list`, `ask_vault_pass`); relative paths are relative to the file's
/// directory, as in Ansible. `~` is `$HOME` and `$VAR`/`${VAR}` are environment variables, as in
/// Python. The matching `ANSIBLE_*` environment
/// variables (`ANSIBLE_INVENTORY`, `ANSIBLE_REMOTE_USER`, …) win over the file, as in Ansible;
/// command-line options win over both.
public struct AnsibleConfig: Sendable, Equatable {
    /// The file read, or nil when there is none.
    public var path: String?
    /// `inventory`: the sources, resolved against the file's directory.
    public var inventory: [String] = []
    public var remoteUser: String?
    public var privateKeyFile: String?
    public var forks: Int?
    public var hostKeyChecking: Bool?
    /// `timeout`: seconds to connect (Ansible's SSH `ConnectTimeout`).
    public var timeout: Int?
    public var become: Bool?
    public var becomeUser: String?
    /// `transport`: the connection plugin where neither the inventory nor `-c` names one.
    public var transport: ConnectionTypeSetting?
    /// `inventory_ignore_extensions` and `inventory_ignore_patterns`: what directory sources skip.
    public var inventoryIgnoreRules = InventoryIgnoreRules.ansibleDefault
    /// `vault_password_file`, resolved; and the setting that gave it, for messages.
    public var vaultPasswordFile: String?
    public var vaultPasswordFileOrigin = "vault_password_file"
    /// `vault_identity_list`: `label@source` items; and the setting that gave it.
    public var vaultIdentityList: [String] = []
    public var vaultIdentityListOrigin = "vault_identity_list"
    /// `ask_vault_pass`.
    public var askVaultPass: Bool?
    /// Why a file was passed over (a world-writable working directory), and settings iptfleet
    /// does not follow (`hash_behaviour = merge`).
    public var warnings: [String] = []

    public init() {}

    /// Finds and reads the file Ansible would use.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            currentDirectory: String = FileManager.default.currentDirectoryPath,
                            homeDirectory: String = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) throws(AnsibleConfigError) -> AnsibleConfig {
        var warnings: [String] = []
        var candidates: [String] = []
        if let configured = environment["ANSIBLE_CONFIG"], !configured.isEmpty {
            let path = expandTilde(EnvironmentVariableExpansion.expand(configured, environment: environment), home: homeDirectory)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            candidates.append(exists && isDirectory.boolValue ? path + "/ansible.cfg" : path)
        }
        let local = currentDirectory + "/ansible.cfg"
        if isWorldWritable(currentDirectory) {
            if FileManager.default.fileExists(atPath: local) {
                warnings.append("\(local) is ignored: its directory is world-writable (Ansible ignores it too); set ANSIBLE_CONFIG to use it")
            }
        } else {
            candidates.append(local)
        }
        candidates += [homeDirectory + "/.ansible.cfg", "/etc/ansible/ansible.cfg"]
        var config = AnsibleConfig()
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            let text: String
            do {
                text = try String(contentsOfFile: found, encoding: .utf8)
            } catch {
                throw AnsibleConfigError(file: found, line: nil, message: "cannot read it: \(error.localizedDescription)")
            }
            config = try parse(text, path: found, homeDirectory: homeDirectory, environment: environment)
        }
        config.warnings = warnings + config.warnings
        for (name, section, key) in environmentVariables {
            guard let value = environment[name] else { continue }
            let entry = Entry(section: section, key: key, value: value, baseDirectory: currentDirectory, source: .environmentVariable(name))
            try config.apply(entry, homeDirectory: homeDirectory, environment: environment)
        }
        return config
    }

    /// The environment variables that override the file's settings, as in Ansible.
    static let environmentVariables: [(name: String, section: String, key: String)] = [
        ("ANSIBLE_INVENTORY", "defaults", "inventory"), ("ANSIBLE_REMOTE_USER", "defaults", "remote_user"),
        ("ANSIBLE_PRIVATE_KEY_FILE", "defaults", "private_key_file"), ("ANSIBLE_FORKS", "defaults", "forks"),
        ("ANSIBLE_HOST_KEY_CHECKING", "defaults", "host_key_checking"), ("ANSIBLE_TIMEOUT", "defaults", "timeout"),
        ("ANSIBLE_BECOME", "privilege_escalation", "become"), ("ANSIBLE_BECOME_USER", "privilege_escalation", "become_user"),
        ("ANSIBLE_TRANSPORT", "defaults", "transport"),
        ("ANSIBLE_INVENTORY_IGNORE", "defaults", "inventory_ignore_extensions"),
        ("ANSIBLE_INVENTORY_IGNORE_REGEX", "defaults", "inventory_ignore_patterns"),
        ("ANSIBLE_VAULT_PASSWORD_FILE", "defaults", "vault_password_file"),
        ("ANSIBLE_VAULT_IDENTITY_LIST", "defaults", "vault_identity_list"),
        ("ANSIBLE_ASK_VAULT_PASS", "defaults", "ask_vault_pass"),
        ("ANSIBLE_HASH_BEHAVIOUR", "defaults", "hash_behaviour"),
    ]

    /// Where a setting was made.
    private enum Source: CustomStringConvertible {
        case file(path: String, line: Int)
        case environmentVariable(String)

        /// `file:line`, or `environment variable NAME`.
        var description: String {
            switch self {
            case .file(let path, let line): "\(path):\(line)"
            case .environmentVariable(let name): "environment variable \(name)"
            }
        }
    }

    /// One setting, with what relative paths are relative to.
    private struct Entry {
        let section: String
        let key: String
        let value: String
        let baseDirectory: String
        let source: Source

        /// Where it was set, for messages about its value later: `[section] key, file:line`, or
        /// the environment variable.
        var origin: String {
            switch source {
            case .file: "[\(section)] \(key), \(source)"
            case .environmentVariable: source.description
            }
        }

        /// The error for a bad value: at the file's line, or naming the environment variable.
        func failure(_ message: String) -> AnsibleConfigError {
            switch source {
            case .file(let path, let line): AnsibleConfigError(file: path, line: line, message: "[\(section)] \(key): \(message)")
            case .environmentVariable: AnsibleConfigError(file: source.description, line: nil, message: message)
            }
        }
    }

    /// Reads the text of an ansible.cfg at `path` (INI as Python's configparser reads it for
    /// Ansible: `key = value` or `key: value`, `#` and `;` comment lines, inline `;` comments,
    /// indented continuation lines). Paths expand `$VAR`/`${VAR}` from `environment`, as in Ansible.
    public static func parse(_ text: String, path: String, homeDirectory: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(AnsibleConfigError) -> AnsibleConfig {
        var config = AnsibleConfig()
        config.path = path
        let directory = (path as NSString).deletingLastPathComponent
        var section: String?
        var entries: [(section: String, key: String, value: String, line: Int)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = String(rawLine)
            if let comment = line.range(of: " ;") ?? line.range(of: "\t;") { line = String(line[..<comment.lowerBound]) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if line.first == " " || line.first == "\t", !entries.isEmpty, entries[entries.count - 1].section == section {
                entries[entries.count - 1].value += "\n" + trimmed
                continue
            }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else { throw AnsibleConfigError(file: path, line: number, message: "a section header needs a closing ']'") }
                section = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw AnsibleConfigError(file: path, line: number, message: "expected 'key = value' or a [section], got '\(trimmed)'")
            }
            guard let section else {
                throw AnsibleConfigError(file: path, line: number, message: "'\(trimmed)' comes before any [section] header")
            }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            entries.append((section, key, value, number))
        }
        for entry in entries {
            try config.apply(Entry(section: entry.section, key: entry.key, value: entry.value, baseDirectory: directory,
                                   source: .file(path: path, line: entry.line)),
                             homeDirectory: homeDirectory, environment: environment)
        }
        return config
    }

    /// Takes the settings iptfleet uses; ignores the others.
    private mutating func apply(_ entry: Entry, homeDirectory: String, environment: [String: String]) throws(AnsibleConfigError) {
        let value = Self.unquote(entry.value)
        /// A path as Ansible's `unfrackpath` makes it: variables, then `~`, then the base directory.
        func resolved(_ item: String) -> String {
            let unquoted = Self.unquote(item.trimmingCharacters(in: .whitespaces))
            let expanded = Self.expandTilde(EnvironmentVariableExpansion.expand(unquoted, environment: environment), home: homeDirectory)
            return expanded.hasPrefix("/") ? expanded : entry.baseDirectory + "/" + expanded
        }
        /// A list setting as Ansible splits one: at commas, each item trimmed and unquoted.
        func list() -> [String] {
            value.split(separator: ",").map { Self.unquote($0.trimmingCharacters(in: .whitespaces)) }
        }
        func ignoreRules(_ extensions: [String], _ patterns: [String]) throws(AnsibleConfigError) -> InventoryIgnoreRules {
            do {
                return try InventoryIgnoreRules(extensions: extensions, patterns: patterns)
            } catch {
                throw entry.failure(error.message)
            }
        }
        func number() throws(AnsibleConfigError) -> Int {
            guard let number = Int(value), number > 0 else { throw entry.failure("expected a positive whole number, got '\(value)'") }
            return number
        }
        func flag() throws(AnsibleConfigError) -> Bool {
            guard let flag = AnsibleBoolean.value(of: .string(value)) else {
                throw entry.failure("expected a boolean (yes/no, true/false, on/off, 1/0), got '\(value)'")
            }
            return flag
        }
        switch (entry.section, entry.key) {
        case ("defaults", "inventory"), ("defaults", "hostfile"):
            inventory = value.split(separator: ",").map { resolved(String($0)) }
        case ("defaults", "remote_user"): remoteUser = value.isEmpty ? nil : value
        case ("defaults", "private_key_file"): privateKeyFile = value.isEmpty ? nil : resolved(value)
        case ("defaults", "forks"): forks = try number()
        case ("defaults", "host_key_checking"): hostKeyChecking = try flag()
        case ("defaults", "timeout"): timeout = try number()
        case ("privilege_escalation", "become"): become = try flag()
        case ("privilege_escalation", "become_user"): becomeUser = value.isEmpty ? nil : value
        case ("defaults", "transport"): transport = value.isEmpty ? nil : ConnectionTypeSetting(name: value, origin: entry.origin)
        case ("defaults", "inventory_ignore_extensions"), ("inventory", "ignore_extensions"):
            inventoryIgnoreRules = try ignoreRules(list(), inventoryIgnoreRules.patterns)
        case ("defaults", "inventory_ignore_patterns"), ("inventory", "ignore_patterns"):
            inventoryIgnoreRules = try ignoreRules(inventoryIgnoreRules.extensions, list())
        case ("defaults", "vault_password_file"):
            vaultPasswordFile = value.isEmpty ? nil : resolved(value)
            vaultPasswordFileOrigin = entry.origin
        case ("defaults", "vault_identity_list"):
            vaultIdentityList = list().filter { !$0.isEmpty }
            vaultIdentityListOrigin = entry.origin
        case ("defaults", "ask_vault_pass"): askVaultPass = try flag()
        case ("defaults", "hash_behaviour"):
            // Only mappings merge (lists and scalars are replaced either way), and no firewall or
            // connection variable is a mapping: what iptfleet deploys is the same; only the
            // listings of mapping variables (inventory --list/--host, vars --json) differ.
            warnings.removeAll { $0.contains("hash_behaviour") }
            if value.lowercased() == "merge" {
                warnings.append("\(entry.source): hash_behaviour = merge is not followed: iptfleet replaces mapping variables whole "
                                + "(hash_behaviour = replace); firewall and connection variables are the same either way, "
                                + "but inventory --list/--host and vars --json show a mapping variable set in several places as its last definition")
            }
        default: break
        }
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else { return text }
        return String(text.dropFirst().dropLast())
    }

    private static func expandTilde(_ path: String, home: String) -> String {
        path == "~" ? home : (path.hasPrefix("~/") ? home + path.dropFirst() : path)
    }

    private static func isWorldWritable(_ directory: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: directory),
              let mode = attributes[.posixPermissions] as? Int else { return false }
        return mode & 0o002 != 0
    }
}

/// A line of ansible.cfg (or the file) that cannot be used.
public struct AnsibleConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
