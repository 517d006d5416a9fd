import CLibSSH2
import Foundation
import Logging

/// libssh2's process-wide initialisation, run once (thread-safely) before the first session.
private let libssh2Initialized: Bool = libssh2_init(0) == 0

/// One SSH connection to one host, over libssh2: connect and check the host key, authenticate,
/// then run commands and upload files.
///
/// Every call has a hard deadline: libssh2 runs in non-blocking mode and the session waits in
/// `poll(2)` only for the time left. After a timeout the connection is torn down (socket shut
/// down first, so freeing libssh2's state cannot hang) and later calls throw
/// `SSHError.notConnected`.
///
/// A session is not `Sendable`: create, use and close it on one thread (see `runOnThreads`).
///
/// ```swift
/// let session = try SSHSession.open(SSHConnectionOptions(host: "web1", user: "root"))
/// defer { session.close() }
/// let result = try session.exec("iptables-save")
/// ```
public final class SSHSession {
    /// The options this session was made with.
    public let options: SSHConnectionOptions
    /// The host key the server presented and known_hosts accepted; set by `connect()`.
    public private(set) var hostKey: HostKeyFingerprint?
    /// How authentication succeeded, e.g. `publickey (ssh-agent)` or `password`; set by `authenticate()`.
    public internal(set) var authenticatedWith: String?

    /// The libssh2 session; nil before `connect()` and after `close()` or a timeout.
    private(set) var handle: OpaquePointer?
    private(set) var socket: Int32 = -1
    /// The thread that relays `socket` through a jump host, if the session goes through one.
    private var relay: JumpRelay?
    /// State the keyboard-interactive callback reads through libssh2's `abstract` pointer.
    let callbackState = CallbackState()
    /// `options.logger`, with the endpoint as `host` metadata unless the caller set one.
    let logger: Logger

    public init(options: SSHConnectionOptions) {
        self.options = options
        var logger = options.logger
        if logger[metadataKey: "host"] == nil { logger[metadataKey: "host"] = "\(options.endpoint)" }
        self.logger = logger
    }

    /// Connects, checks the host key and authenticates.
    /// The version of the libssh2 this program runs with (e.g. `1.11.1`), linked in or the system's.
    public static var libssh2Version: String {
        libssh2_version(0).map { String(cString: $0) } ?? "unknown"
    }

    public static func open(_ options: SSHConnectionOptions) throws(SSHError) -> SSHSession {
        let session = SSHSession(options: options)
        try session.connect()
        try session.authenticate()
        session.logger.debug("logged in as \(options.user) by \(session.authenticatedWith ?? "?")")
        return session
    }

    deinit {
        close()
    }

    /// Opens the TCP connection, runs the SSH handshake and checks the host key against
    /// known_hosts, all within `connectTimeout`.
    public func connect() throws(SSHError) {
        guard handle == nil else { return }
        guard libssh2Initialized else {
            throw .sessionFailed(endpoint: options.endpoint, operation: "libssh2 initialisation", detail: "libssh2_init failed")
        }
        let (fd, relay) = try openTransport()
        self.relay = relay
        let deadline = Deadline(after: options.connectTimeout)
        guard let session = libssh2_session_init_ex(nil, nil, nil, Unmanaged.passUnretained(callbackState).toOpaque()) else {
            closeDescriptor(fd)
            relay?.waitUntilFinished()
            throw .sessionFailed(endpoint: options.endpoint, operation: "session setup", detail: "libssh2 could not allocate a session")
        }
        handle = session
        socket = fd
        libssh2_session_set_blocking(session, 0)
        do throws(SSHError) {
            let knownHosts = try KnownHosts(path: options.resolvedKnownHostsPath)
            let name = KnownHosts.entryName(host: options.bareHost, port: options.port)
            let knownTypes = knownHosts.knownTypes(for: name)
            _ = libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, HostKeyType.preference(known: knownTypes))
            let status = try perform("SSH handshake", until: deadline) { libssh2_session_handshake(session, fd) }
            guard status == 0 else { throw handshakeFailure(status) }
            hostKey = try verifyHostKey(knownHosts: knownHosts, name: name, knownTypes: knownTypes)
            logger.debug("connected; host key \(hostKey.map { "\($0.keyType) \($0.sha256)" } ?? "?") found in \(options.resolvedKnownHostsPath)")
        } catch {
            tearDown()
            throw error
        }
    }

    /// The byte stream to the server: a TCP connection, or a tunnel through the jump hosts (the
    /// last one in `options.jumpHosts` is the one that connects to the target).
    private func openTransport() throws(SSHError) -> (Int32, JumpRelay?) {
        guard var jump = options.jumpHosts.last else {
            let deadline = Deadline(after: options.connectTimeout)
            return (try TCPConnector.connect(host: options.bareHost, port: options.port, endpoint: options.endpoint, deadline: deadline), nil)
        }
        jump.jumpHosts = Array(options.jumpHosts.dropLast())
        guard TCPConnector.isPlausibleHostName(options.bareHost) else { throw .invalidHostName(options.bareHost) }
        let tunnel = try JumpTunnel.open(through: jump, to: options.bareHost, port: options.port, target: options.endpoint)
        return (tunnel.descriptor, tunnel.relay)
    }

    /// Says goodbye to the server (waiting at most one second) and releases everything.
    /// Safe to call more than once.
    public func close() {
        guard let session = handle else { return }
        let deadline = Deadline(after: min(.seconds(1), options.operationTimeout))
        while libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "closed by iptfleet", "") == LIBSSH2_ERROR_EAGAIN,
              pollSocket(directions: libssh2_session_block_directions(session), deadline: deadline) {}
        tearDown()
    }

    /// Releases the libssh2 session and the socket without a goodbye. The socket is shut down
    /// first: libssh2 then fails fast on any pending write instead of waiting for the peer.
    /// Through a jump host, returns once the relay thread has closed the jump session.
    func tearDown() {
        guard let session = handle else { return }
        handle = nil
        shutdown(socket, Int32(SHUT_RDWR))
        var attempts = 0
        while libssh2_session_free(session) == LIBSSH2_ERROR_EAGAIN, attempts < 100 {
            attempts += 1
        }
        closeDescriptor(socket)
        socket = -1
        // Closing the socket ends the jump host's relay thread; wait until it has said goodbye.
        relay?.waitUntilFinished()
        relay = nil
    }

    /// The connected libssh2 session, or `notConnected`.
    func connectedHandle() throws(SSHError) -> OpaquePointer {
        guard let handle else { throw .notConnected(endpoint: options.endpoint) }
        return handle
    }

    /// Repeats a libssh2 call while it answers `LIBSSH2_ERROR_EAGAIN`, waiting for the socket in
    /// between; returns its final result code. Tears the session down when the deadline passes.
    func perform(_ operation: String, until deadline: Deadline, _ call: () -> Int32) throws(SSHError) -> Int32 {
        let session = try connectedHandle()
        while true {
            let status = call()
            guard status == LIBSSH2_ERROR_EAGAIN else { return status }
            try wait(for: operation, session: session, until: deadline)
        }
    }

    /// Like `perform`, for libssh2 calls that return a pointer (nil plus `EAGAIN` means "again").
    func performReturning<T>(_ operation: String, until deadline: Deadline, _ call: () -> T?) throws(SSHError) -> T? {
        let session = try connectedHandle()
        while true {
            if let value = call() { return value }
            guard libssh2_session_last_errno(session) == LIBSSH2_ERROR_EAGAIN else { return nil }
            try wait(for: operation, session: session, until: deadline)
        }
    }

    /// Waits until the socket is ready in the directions libssh2 last blocked on (or `directions`),
    /// or throws `timedOut` (after tearing down) once the deadline has passed.
    func wait(for operation: String, session: OpaquePointer, until deadline: Deadline, directions: Int32? = nil) throws(SSHError) {
        let ready = pollSocket(directions: directions ?? libssh2_session_block_directions(session), deadline: deadline)
        if !ready && deadline.hasPassed {
            tearDown()
            throw .timedOut(endpoint: options.endpoint, operation: operation, after: deadline.budget)
        }
    }

    /// One `poll(2)` on the socket; false when the deadline passed without the socket getting ready.
    func pollSocket(directions: Int32, deadline: Deadline) -> Bool {
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        var poller = pollfd(fd: socket, events: events == 0 ? Int16(POLLIN) : events, revents: 0)
        let timeout = deadline.remainingMilliseconds
        return timeout > 0 && poll(&poller, 1, timeout) != 0
    }

    /// libssh2's message for its last error, with the error code.
    func lastErrorDescription() -> String {
        guard let handle else { return "connection closed" }
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(handle, &message, &length, 0)
        return "\(message.map { String(cString: $0) } ?? "unknown error") (libssh2 error \(code))"
    }

    /// A `sessionFailed` error for `operation` with libssh2's last error message.
    func failure(_ operation: String) -> SSHError {
        .sessionFailed(endpoint: options.endpoint, operation: operation, detail: lastErrorDescription())
    }

    private func handshakeFailure(_ status: Int32) -> SSHError {
        let detail = lastErrorDescription()
        switch status {
        case LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_KEY_EXCHANGE_FAILURE, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            return .noMatchingAlgorithms(endpoint: options.endpoint, detail: detail)
        default:
            return .handshakeFailed(endpoint: options.endpoint, detail: detail)
        }
    }
}

@available(*, unavailable, message: "an SSHSession must stay on the thread that uses it")
extension SSHSession: Sendable {}

/// `close(2)`, named apart from `SSHSession.close()`.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
