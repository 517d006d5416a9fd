import Foundation

/// Reads the password of each `VaultIdentity` as ansible-core does: a file's whole content with
/// surrounding whitespace removed; an executable's standard output with surrounding newlines
/// removed (a `*-client` script gets `--vault-id LABEL`, and exit status 2 means it knows no
/// such id); `prompt` on the terminal. A source that fails is a warning as long as another
/// gives a password, as in Ansible; when none does, its error stops the run.
public struct VaultPasswordReader: Sendable {
    /// Asks on the terminal with `prompt`, without echo; throws when there is no terminal.
    public typealias Prompt = @Sendable (_ prompt: String) throws -> String

    /// The largest password file read.
    static let maximumFileSize = 1 << 20
    /// How long a password script may run.
    static let scriptTimeLimit = 60

    let prompt: Prompt

    public init(prompt: @escaping Prompt) {
        self.prompt = prompt
    }

    /// A source that gave no password.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let identity: VaultIdentity
        public let reason: String
        public var description: String { "vault password for id '\(identity.label)' (\(identity.givenBy) \(identity.source)): \(reason)" }
    }

    /// The secrets of `identities`, and a warning for each source that failed while another
    /// gave a password.
    public func keyring(_ identities: [VaultIdentity]) throws(Failure) -> (VaultKeyring, warnings: [String]) {
        var secrets: [VaultSecret] = []
        var failures: [Failure] = []
        for identity in identities {
            do {
                secrets.append(VaultSecret(label: identity.label, source: "\(identity.givenBy) \(identity.source)", password: try password(of: identity)))
            } catch {
                // A prompt that fails stops the run at once, as in Ansible.
                if identity.isPrompt { throw error }
                failures.append(error)
            }
        }
        if secrets.isEmpty, let first = failures.first { throw first }
        return (VaultKeyring(secrets), failures.map(\.description))
    }

    func password(of identity: VaultIdentity) throws(Failure) -> [UInt8] {
        func fail(_ reason: String) -> Failure { Failure(identity: identity, reason: reason) }
        if identity.isPrompt {
            let text: String
            do {
                text = try prompt(identity.source == VaultIdentity.askVaultPass ? "Vault password: " : "Vault password (\(identity.label)): ")
            } catch {
                throw fail("cannot ask for it: \(error)")
            }
            let password = Self.stripped(Array(text.utf8), of: Self.whitespace)
            guard !password.isEmpty else { throw fail("the password given at the prompt is empty") }
            return password
        }
        let path = identity.source
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("the file was not found") }
        guard !isDirectory.boolValue else { throw fail("it is a directory, not a file") }
        let password: [UInt8]
        if access(path, X_OK) == 0 {
            password = Self.stripped(try run(path, identity: identity), of: [0x0A, 0x0D])
        } else {
            password = Self.stripped(Self.stripped(try read(path, identity: identity), of: Self.whitespace), of: [0x0A, 0x0D])
        }
        guard !password.isEmpty else { throw fail("it gives an empty password") }
        guard !VaultEnvelope.isVault(String(decoding: password.prefix(VaultEnvelope.header.utf8.count), as: UTF8.self)) else {
            throw fail("it is itself vault-encrypted, which iptfleet does not read; decrypt it, or use a password script")
        }
        return password
    }

    private func read(_ path: String, identity: VaultIdentity) throws(Failure) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(identity: identity, reason: "cannot read it: \(String(cString: strerror(errno)))") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: Self.maximumFileSize + 1)) ?? Data()
        guard data.count <= Self.maximumFileSize else { throw Failure(identity: identity, reason: "it is larger than \(Self.maximumFileSize) bytes; a password file holds one password") }
        return Array(data)
    }

    private func run(_ path: String, identity: VaultIdentity) throws(Failure) -> [UInt8] {
        let client = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.hasSuffix("-client")
        let output: BoundedCommand.Output
        do {
            output = try BoundedCommand.run(path, client ? ["--vault-id", identity.label] : [], timeLimit: Self.scriptTimeLimit)
        } catch {
            throw Failure(identity: identity, reason: "the password script failed: \(error)")
        }
        let stderr = TerminalText.escaped(String(decoding: output.stderr.prefix(2_000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        if client, output.status == 2 {
            throw Failure(identity: identity, reason: "the password client script knows no secret for this vault id: \(stderr)")
        }
        guard output.status == 0 else {
            throw Failure(identity: identity, reason: "the password script exited with status \(output.status): \(stderr)")
        }
        return Array(output.stdout)
    }

    /// Python's `bytes.strip()` whitespace: space, tab, newline, return, vertical tab, form feed.
    static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]

    static func stripped(_ bytes: [UInt8], of set: Set<UInt8>) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !set.contains($0) }), let last = bytes.lastIndex(where: { !set.contains($0) }) else { return [] }
        return Array(bytes[first...last])
    }
}
