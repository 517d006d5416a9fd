import Foundation
import IptFleetCore
import IptFleetSSH

/// The channel of a `local` host (`ansible_connection=local`): each command runs on this
/// machine with `/bin/sh -c`, as this user, or under `sudo -n` when become asks for another user
/// than this one (root running iptfleet needs no sudo to be root). No SSH, no network.
final class LocalShell: HostChannel {
    let become: BecomeOptions?
    let commandTimeout: Duration

    init(become: BecomeOptions?, commandTimeout: Duration) {
        // Become to root as root changes nothing: skip sudo, which may not even be installed.
        self.become = become.flatMap { geteuid() == 0 && $0.user == "root" ? nil : $0 }
        self.commandTimeout = commandTimeout
    }

    /// Why a local command did not run.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(_ command: String, stdin: Data?, timeout: Duration?) throws -> CommandResult {
        // `/usr/bin/env` finds sudo in PATH, as a shell would; without become, /bin/sh runs directly.
        var executable = "/bin/sh", arguments = ["-c", command]
        if let become {
            arguments = ["sudo", "-n", "-H", "-u", become.user, "--", executable] + arguments
            executable = "/usr/bin/env"
        }
        let budget = timeout ?? commandTimeout
        let seconds = Int((budget / .seconds(1)).rounded(.up))
        let input = try Self.input(stdin)
        let output: BoundedCommand.Output
        do {
            output = try BoundedCommand.run(executable, arguments, stdin: input, timeLimit: max(1, seconds))
        } catch {
            throw Failure(description: "\(become == nil ? "/bin/sh" : "sudo") on this machine: \(error.description)")
        }
        let stderr = String(decoding: output.stderr, as: UTF8.self)
        if let become, output.status != 0, stderr.contains("a password is required") {
            throw Failure(description: "sudo on this machine wants a password to become \(become.user); allow it without one (NOPASSWD), or run iptfleet as root")
        }
        return CommandResult(stdout: output.stdout, stderr: output.stderr, exitStatus: output.signalled ? 0 : output.status,
                             exitSignal: output.signalled ? Self.signalName(output.status) : nil)
    }

    func close() {}

    /// `stdin` as a readable file (a pipe written while the command runs would bring SIGPIPE
    /// when the command stops reading early): written to a private scratch file, opened, removed.
    private static func input(_ data: Data?) throws -> FileHandle {
        guard let data, !data.isEmpty else { return .nullDevice }
        let scratch = try PrivateScratchDirectory(prefix: "iptfleet-local")
        defer { scratch.remove() }
        let path = try scratch.write(data, named: "stdin")
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot read back \(path)") }
        return handle
    }

    /// The signal's name as SSH reports it (`TERM`), or its number.
    private static func signalName(_ number: Int32) -> String {
        [1: "HUP", 2: "INT", 3: "QUIT", 6: "ABRT", 9: "KILL", 13: "PIPE", 15: "TERM"][number] ?? String(number)
    }
}
