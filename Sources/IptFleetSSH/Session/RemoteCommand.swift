import Foundation

/// A command line as sent to the host: the caller's command, or that command wrapped in sudo
/// when become is on.
///
/// Under become, the wrapped shell first prints a one-time start marker on stdout, so the
/// session knows when sudo has let the command run (only then does the caller's stdin flow),
/// and with a become password sudo prompts with a one-time marker on stderr (`sudo -S -p`), so
/// the password is written only when sudo asks for it. Neither marker reaches the caller.
struct RemoteCommand {
    let commandLine: String
    /// Set when the command runs under sudo.
    let become: BecomeOptions?
    /// The line the wrapped shell prints before the command runs.
    let startMarker: String
    /// The prompt sudo prints when it wants the password.
    let promptMarker: String

    init(_ command: String, become: BecomeOptions?) {
        let token = UUID().uuidString.lowercased()
        self.become = become
        self.startMarker = "iptfleet-become-start-\(token)"
        self.promptMarker = "[iptfleet-sudo-\(token)]"
        guard let become else {
            commandLine = command
            return
        }
        let script = "echo \(startMarker)\n\(command)"
        let mode = become.password == nil ? "-n" : "-S -p \(promptMarker.shellQuoted)"
        commandLine = "sudo \(mode) -H -u \(become.user.shellQuoted) -- /bin/sh -c \(script.shellQuoted)"
    }
}

/// Follows sudo through a run under become: waiting for its prompt or for the start marker,
/// answering the prompt once, and stripping both markers from the output.
struct BecomeGate {
    enum Event {
        /// Nothing new.
        case none
        /// sudo asks for the password: write it.
        case passwordRequested
        /// The command runs now: write the caller's stdin.
        case commandStarted
        /// sudo asked again after the password was sent: the password is wrong.
        case passwordRejected
    }

    private let command: RemoteCommand
    private(set) var commandRunning: Bool
    private var passwordSent = false

    init(_ command: RemoteCommand) {
        self.command = command
        self.commandRunning = command.become == nil
    }

    /// Looks at the output collected so far; removes markers from it.
    mutating func inspect(stdout: inout Data, stderr: inout Data) -> Event {
        guard !commandRunning else { return .none }
        let startLine = Data((command.startMarker + "\n").utf8)
        if stdout.starts(with: startLine) {
            stdout.removeFirst(startLine.count)
            commandRunning = true
            return .commandStarted
        }
        let prompt = Data(command.promptMarker.utf8)
        guard let range = stderr.range(of: prompt) else { return .none }
        stderr.removeSubrange(range)
        if passwordSent { return .passwordRejected }
        passwordSent = true
        return .passwordRequested
    }

    /// The error for a run where sudo never started the command.
    func failure(endpoint: String, result: CommandResult) -> SSHError {
        let message = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        if command.become?.password == nil, message.contains("a password is required") {
            return .becomePasswordRequired(endpoint: endpoint, user: command.become?.user ?? "root")
        }
        let detail = message.split(separator: "\n").first.map(String.init) ?? "sudo exited with status \(result.exitStatus)"
        return .becomeFailed(endpoint: endpoint, detail: detail)
    }
}
