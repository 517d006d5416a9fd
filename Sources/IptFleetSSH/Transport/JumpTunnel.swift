import CLibSSH2
import Foundation

/// A TCP connection to `host:port` opened by a jump host's sshd (a `direct-tcpip` channel, what
/// OpenSSH's `ProxyJump` / `ssh -J` does), handed to the caller as one end of a local socket pair.
///
/// The jump host's libssh2 session lives on a thread of its own from connect to close (sessions
/// are not thread-safe): the thread connects and authenticates, opens the channel, hands back
/// the descriptor, then relays bytes both ways until the caller closes its end. So closing the
/// descriptor (what `SSHSession.tearDown` does) also ends the jump session and its thread; the
/// caller then waits for the thread (`JumpRelay.waitUntilFinished`), so no thread is left
/// running libssh2 when the process exits.
enum JumpTunnel {
    /// Opens the tunnel and returns the caller's end (non-blocking, close-on-exec) and the relay
    /// thread to wait for after closing it.
    ///
    /// - Parameters:
    ///   - jump: how to reach the jump host; its own `jumpHosts` are the hops before it.
    ///   - target: for messages, `host:port` as the caller names it.
    /// - Throws: `jumpHostFailed` (connecting or logging in to the jump host failed) or
    ///   `tunnelFailed` (the jump host could not reach the target).
    static func open(through jump: SSHConnectionOptions, to host: String, port: Int, target: String) throws(SSHError) -> (descriptor: Int32, relay: JumpRelay) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, socketPairType, 0, &ends) == 0 else {
            throw .connectionFailed(endpoint: target, detail: String(cString: strerror(errno)))
        }
        let (local, remote) = (ends[0], ends[1])
        let relay = JumpRelay()
        let thread = Thread {
            nameThisThread("iptfleet jump")
            let session = SSHSession(options: jump)
            defer {
                session.close()
                relay.finish()
            }
            let channel: OpaquePointer
            do throws(SSHError) {
                try session.connect()
                try session.authenticate()
                channel = try session.openTunnel(to: host, port: port, target: target)
            } catch {
                closeDescriptor(local)
                relay.setUp(.failure(error))
                return
            }
            relay.setUp(.success(()))
            session.relay(channel, local: local)
            closeDescriptor(local)
        }
        thread.start()
        switch relay.waitForSetUp() {
        case .success:
            return (remote, relay)
        case .failure(let error):
            closeDescriptor(remote)
            relay.waitUntilFinished()
            switch error {
            case .tunnelFailed, .jumpHostFailed: throw error
            default: throw .jumpHostFailed(jump: jump.endpoint, target: target, underlying: error)
            }
        }
    }

    #if os(Linux)
    private static let socketPairType = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
    #else
    private static let socketPairType = SOCK_STREAM
    #endif
}

/// Names the calling thread (what `ps -L` and /proc show), so relay threads can be told apart.
private func nameThisThread(_ name: String) {
    let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = name.withCString { write(descriptor, $0, strlen($0)) }
    closeDescriptor(descriptor)
}

/// A relay thread as its caller sees it: whether the tunnel was set up, and whether the thread
/// has finished (closed its jump session).
final class JumpRelay: @unchecked Sendable {
    private let condition = NSCondition()
    private var setUpResult: Result<Void, SSHError>?
    private var finished = false

    func setUp(_ result: Result<Void, SSHError>) {
        condition.withLock {
            setUpResult = result
            condition.broadcast()
        }
    }

    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    func waitForSetUp() -> Result<Void, SSHError> {
        condition.withLock {
            while setUpResult == nil { condition.wait() }
            return setUpResult!
        }
    }

    /// Waits until the thread has closed its jump session; its goodbyes take at most about two
    /// seconds, so this gives up after five.
    func waitUntilFinished() {
        let limit = Date().addingTimeInterval(5)
        condition.withLock {
            while !finished, condition.wait(until: limit) {}
        }
    }
}
