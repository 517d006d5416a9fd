import Foundation
import TestSupport

/// A dedicated local account for password, keyboard-interactive and sudo tests, created (as
/// root only) when absent. Its password is a fixed test value.
enum TestUser {
    static let name = "iptfleet-test"
    static let password = "iptfleet-Test-pw-7Qx"

    /// Creates the account once per process and sets its password; false when not possible.
    static let isReady: Bool = {
        guard getuid() == 0 else { return false }
        if (try? ProcessRunner.run("/usr/bin/id", [name]).status) != 0 {
            guard (try? ProcessRunner.run("/usr/sbin/useradd", ["--create-home", "--shell", "/bin/sh", name]).status) == 0 else { return false }
        }
        return (try? ProcessRunner.run("/usr/sbin/chpasswd", [], input: "\(name):\(password)\n").status) == 0
    }()

    /// Lets the test user run anything through sudo, with its password (a file in
    /// /etc/sudoers.d named `file`). Returns the file's path: remove it when done.
    static func grantSudoWithPassword(file: String) throws -> String {
        let path = "/etc/sudoers.d/" + file
        try "\(name) ALL=(ALL:ALL) ALL\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o440)
        return path
    }
}
