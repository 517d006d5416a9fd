#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A password or passphrase.
///
/// It prints, dumps and debug-prints as `<secret>`, so it cannot reach a log line or an error
/// message by accident; only this module reads the value, when it hands it to libssh2 or sudo.
public struct SSHSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    /// Wraps a secret that the caller already holds (for example from a vault file).
    public init(_ value: String) {
        self.value = value
    }

    /// The value of the environment variable `name`, or nil when it is unset.
    public static func environment(_ name: String) -> SSHSecret? {
        guard let raw = getenv(name) else { return nil }
        return SSHSecret(String(cString: raw))
    }

    /// Asks on the controlling terminal (`/dev/tty`) with echo turned off, like `ssh` does.
    ///
    /// - Throws: `SSHError.promptUnavailable` when the process has no terminal (CI, cron).
    public static func readFromTerminal(prompt: String) throws -> SSHSecret {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { throw SSHError.promptUnavailable(prompt: prompt) }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { throw SSHError.promptUnavailable(prompt: prompt) }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
            bytes.append(byte)
        }
        return SSHSecret(String(decoding: bytes, as: UTF8.self))
    }

    /// The value, for Ansible Vault's key derivation, the one use outside this module; it must
    /// go nowhere else.
    public var revealedForVault: String { value }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
