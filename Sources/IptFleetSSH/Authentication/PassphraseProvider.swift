import Foundation

/// Supplies the passphrase of an encrypted private key file.
///
/// It is asked at most once per key file for the whole run and is shared by all sessions,
/// whatever thread they run on: the first session that needs a passphrase asks (other
/// sessions wait for that answer), the rest reuse it.
public final class PassphraseProvider: @unchecked Sendable {
    private let source: @Sendable (_ keyPath: String) -> SSHSecret?
    private let lock = NSLock()
    private var answers: [String: SSHSecret?] = [:]

    /// - Parameter source: returns the passphrase for the key at `keyPath`, or nil to skip that key.
    public init(_ source: @escaping @Sendable (_ keyPath: String) -> SSHSecret?) {
        self.source = source
    }

    /// The same passphrase, from the environment variable `name`, for every encrypted key.
    public static func environment(_ name: String) -> PassphraseProvider {
        PassphraseProvider { _ in SSHSecret.environment(name) }
    }

    /// Asks on the terminal, once per key file: `Enter passphrase for key '…': `.
    public static func terminalPrompt() -> PassphraseProvider {
        PassphraseProvider { path in try? SSHSecret.readFromTerminal(prompt: "Enter passphrase for key '\(path)': ") }
    }

    func passphrase(forKey path: String) -> SSHSecret? {
        lock.lock()
        defer { lock.unlock() }
        if let known = answers[path] { return known }
        let answer = source(path)
        answers[path] = answer
        return answer
    }
}
