import Foundation
import IptFleetSSH

/// An open way to run commands on one host. The per-host flow (`HostRunner`, `CommitConfirm`,
/// the diffs) reaches hosts only through this, so the same flow runs over SSH, on the controller
/// itself (`ansible_connection=local`), or against a scripted host in the unit tests.
///
/// Like an `SSHSession`, a channel is used on the thread that opened it.
public protocol HostChannel: AnyObject {
    /// Runs `command` with the host's `/bin/sh` and returns what it printed and how it ended; a
    /// non-zero exit status is not an error. Throws when the command cannot be run or did not end
    /// within `timeout` (nil: the connection's own command timeout).
    func run(_ command: String, stdin: Data?, timeout: Duration?) throws -> CommandResult
    /// Lets the host go. Safe to call more than once.
    func close()
}

extension HostChannel {
    func run(_ command: String, stdin: Data? = nil) throws -> CommandResult {
        try run(command, stdin: stdin, timeout: nil)
    }
}

/// Opens channels to hosts (`ChannelConnector` for real hosts).
public protocol HostConnector: Sendable {
    /// A new channel to `target`'s host; `connectTimeout` (nil: the target's own setting) bounds
    /// how long getting there may take.
    func open(_ target: HostTarget, connectTimeout: Duration?) throws -> any HostChannel
}

extension SSHSession: HostChannel {
    public func run(_ command: String, stdin: Data?, timeout: Duration?) throws -> CommandResult {
        try exec(command, stdin: stdin, timeout: timeout)
    }
}
