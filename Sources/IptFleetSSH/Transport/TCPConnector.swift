#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Opens a non-blocking TCP connection to a host, trying each of its addresses (IPv4 and IPv6)
/// in turn until one answers or the deadline passes.
enum TCPConnector {
    /// Returns a connected, non-blocking, close-on-exec socket with `TCP_NODELAY` set.
    ///
    /// Name resolution uses the system resolver (`getaddrinfo`), which blocks; the connect itself
    /// never waits beyond the deadline.
    static func connect(host: String, port: Int, endpoint: String, deadline: Deadline) throws(SSHError) -> Int32 {
        guard isPlausibleHostName(host) else { throw .invalidHostName(host) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocketType
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .nameResolutionFailed(host: host, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }

        var failure = SSHError.connectionRefused(endpoint: endpoint)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let address = cursor?.pointee {
            do {
                return try connect(to: address, endpoint: endpoint, deadline: deadline)
            } catch let error where error.isTimeout {
                throw error
            } catch {
                // Keep the most telling failure: a refusal only if nothing else went wrong.
                if case .connectionRefused = failure { failure = error }
            }
            cursor = address.ai_next
        }
        throw failure
    }

    private static func connect(to address: addrinfo, endpoint: String, deadline: Deadline) throws(SSHError) -> Int32 {
        let fd = socket(address.ai_family, address.ai_socktype | socketFlags, address.ai_protocol)
        guard fd >= 0 else { throw .connectionFailed(endpoint: endpoint, detail: errnoText()) }
        var ok = false
        defer { if !ok { close(fd) } }
        #if !os(Linux)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        #endif
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))

        if systemConnect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw failure(errno, endpoint: endpoint) }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat {
                ready = poll(&poller, 1, deadline.remainingMilliseconds)
            } while ready < 0 && errno == EINTR && !deadline.hasPassed
            if ready == 0 || deadline.hasPassed {
                throw .timedOut(endpoint: endpoint, operation: "TCP connect", after: deadline.budget)
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            guard socketError == 0 else { throw failure(socketError, endpoint: endpoint) }
        }
        ok = true
        return fd
    }

    private static func failure(_ code: Int32, endpoint: String) -> SSHError {
        code == ECONNREFUSED
            ? .connectionRefused(endpoint: endpoint)
            : .connectionFailed(endpoint: endpoint, detail: String(cString: strerror(code)))
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Rejects names no resolver would accept (spaces, control characters, empty), so they are
    /// reported clearly instead of being sent to DNS.
    static func isPlausibleHostName(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 253
            && host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._:%".unicodeScalars.contains($0)) }
    }

    #if os(Linux)
    private static let streamSocketType = Int32(SOCK_STREAM.rawValue)
    /// Non-blocking and close-on-exec from the start, so no child process spawned meanwhile inherits it.
    private static let socketFlags = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
    #else
    private static let streamSocketType = SOCK_STREAM
    private static let socketFlags: Int32 = 0
    #endif
}

/// `connect(2)`, named apart from `TCPConnector.connect`.
private func systemConnect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

extension SSHError {
    var isTimeout: Bool {
        switch self {
        case .timedOut, .commandTimedOut: true
        default: false
        }
    }
}
