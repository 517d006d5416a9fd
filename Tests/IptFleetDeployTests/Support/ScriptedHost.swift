import Foundation
import IptFleetCore
import IptFleetSSH
@testable import IptFleetDeploy

/// Hosts that answer the per-host flow from a script instead of a booted machine: each command is
/// recognised for what it is (the probe, the apply script, the confirmation…) and answered as the
/// test says, so every branch of `HostRunner`, `FleetRunner` and `CommitConfirm` runs in
/// milliseconds. The lab tests stay the proof that real hosts answer that way.
final class ScriptedHost: HostConnector, @unchecked Sendable {
    /// What a command the flow sends is.
    enum Kind: String, CaseIterable {
        case whoami, probe, swarm, fileDiff, rulesetPreview, apply, confirm, revertStatus, rollback
        /// A command this fake does not know: never answered.
        case unknown
    }

    /// One command as the host received it.
    struct Call {
        let host: String
        let kind: Kind
        let command: String
        let stdin: Data?
    }

    typealias Answer = @Sendable (Call) throws -> CommandResult

    private let lock = NSLock()
    private var answers: [Kind: [Answer]] = [:]
    private var refusal: (@Sendable (String, Int) -> (any Error)?)?
    private var calls: [Call] = []
    private var openCount = 0
    private var opensByHost: [String: Int] = [:]
    private var openNow = 0
    private var mostOpenAtOnce = 0

    /// Answers `kind` with `answers`, one per call; the last one answers every later call.
    func on(_ kind: Kind, _ answers: Answer...) {
        lock.withLock { self.answers[kind] = answers }
    }

    /// Opening a channel fails with the error this returns for the host and the opening's number
    /// (1 for the first of the host), if any.
    func refuseOpen(_ refusal: @escaping @Sendable (String, Int) -> (any Error)?) {
        lock.withLock { self.refusal = refusal }
    }

    var received: [Call] { lock.withLock { calls } }
    var kinds: [Kind] { received.map(\.kind) }
    var opens: Int { lock.withLock { openCount } }
    var mostChannelsAtOnce: Int { lock.withLock { mostOpenAtOnce } }

    func open(_ target: HostTarget, connectTimeout: Duration?) throws -> any HostChannel {
        let error: (any Error)? = lock.withLock {
            openCount += 1
            opensByHost[target.name, default: 0] += 1
            return refusal?(target.name, opensByHost[target.name, default: 0])
        }
        if let error { throw error }
        lock.withLock {
            openNow += 1
            mostOpenAtOnce = max(mostOpenAtOnce, openNow)
        }
        return Channel(host: target.name, scripted: self)
    }

    fileprivate func answer(_ command: String, stdin: Data?, host: String) throws -> CommandResult {
        let call = Call(host: host, kind: Self.kind(of: command), command: command, stdin: stdin)
        let answer: Answer? = lock.withLock {
            calls.append(call)
            guard var queue = answers[call.kind], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            if !queue.isEmpty { answers[call.kind] = queue }
            return first
        }
        guard let answer else { throw Unscripted(kind: call.kind) }
        return try answer(call)
    }

    fileprivate func closed() {
        lock.withLock { openNow -= 1 }
    }

    /// The flow sent a command the test gave no answer for.
    struct Unscripted: Error, CustomStringConvertible {
        let kind: Kind
        var description: String { "unscripted \(kind.rawValue) command" }
    }

    /// Recognises a command by what only it contains.
    static func kind(of command: String) -> Kind {
        if command == "id -un" { return .whoami }
        if command == "sh -s" { return .apply }
        if command.contains("echo \"ssh_connection=$sc\"") { return .probe }
        if command.hasPrefix("echo @docker") { return .swarm }
        if command.hasPrefix("for f in ") { return .fileDiff }
        if command.contains("\" preview; status=$?") { return .rulesetPreview }
        if command.contains("mv \"$pending/armed\" \"$pending/confirmed\"") { return .confirm }
        if command.contains("echo iptfleet-confirm=still-armed") { return .revertStatus }
        if command.contains("/revert.sh\" && [ ") { return .rollback }
        return .unknown
    }

    private final class Channel: HostChannel {
        let host: String
        let scripted: ScriptedHost
        var isOpen = true

        init(host: String, scripted: ScriptedHost) {
            self.host = host
            self.scripted = scripted
        }

        func run(_ command: String, stdin: Data?, timeout: Duration?) throws -> CommandResult {
            guard isOpen else { throw SSHError.notConnected(endpoint: host) }
            return try scripted.answer(command, stdin: stdin, host: host)
        }

        func close() {
            guard isOpen else { return }
            isOpen = false
            scripted.closed()
        }
    }
}

/// Answers for `ScriptedHost`.
enum Reply {
    static func ok(_ stdout: String = "") -> ScriptedHost.Answer {
        { _ in CommandResult(stdout: Data(stdout.utf8), stderr: Data(), exitStatus: 0, exitSignal: nil) }
    }

    static func failing(_ stderr: String, status: Int32 = 1) -> ScriptedHost.Answer {
        { _ in CommandResult(stdout: Data(), stderr: Data(stderr.utf8), exitStatus: status, exitSignal: nil) }
    }

    static func throwing(_ error: any Error & Sendable) -> ScriptedHost.Answer {
        { _ in throw error }
    }

    /// The value the confirmation scripts print.
    static func confirm(_ value: String) -> ScriptedHost.Answer { ok("iptfleet-confirm=\(value)\n") }
}
