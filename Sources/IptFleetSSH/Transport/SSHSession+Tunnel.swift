import CLibSSH2
import Foundation

extension SSHSession {
    /// Asks the server to connect to `host:port` (the server resolves the name) and returns the
    /// channel; within `operationTimeout`.
    func openTunnel(to host: String, port: Int, target: String) throws(SSHError) -> OpaquePointer {
        let session = try connectedHandle()
        let deadline = Deadline(after: options.operationTimeout)
        let channel = try performReturning("opening a tunnel to \(target)", until: deadline) {
            libssh2_channel_direct_tcpip_ex(session, host, Int32(port), "127.0.0.1", 22)
        }
        guard let channel else {
            throw .tunnelFailed(jump: options.endpoint, target: target, detail: lastErrorDescription())
        }
        return channel
    }

    /// Copies bytes between `channel` and the socket `local` until the local side closes (or the
    /// jump connection fails); then sends EOF and closes the channel, waiting at most a second.
    func relay(_ channel: OpaquePointer, local: Int32) {
        guard let session = handle else { return }
        var toLocal: [UInt8] = []
        var toRemote: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 32_768)
        var localClosed = false
        var remoteEnded = false
        var localShutDown = false
        let limit = 262_144

        while !localClosed {
            var progressed = false
            var sessionDirections: Int32 = 0

            // Jump host → caller.
            if !remoteEnded && toLocal.count < limit {
                let count = buffer.withUnsafeMutableBufferPointer { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        libssh2_channel_read_ex(channel, 0, $0, bytes.count)
                    }
                }
                if count > 0 {
                    toLocal += buffer[0..<count]
                    progressed = true
                } else if count == Int(LIBSSH2_ERROR_EAGAIN) {
                    sessionDirections |= libssh2_session_block_directions(session) | LIBSSH2_SESSION_BLOCK_INBOUND
                } else if count < 0 || libssh2_channel_eof(channel) != 0 {
                    remoteEnded = true
                    progressed = true
                } else {
                    // 0 without EOF: libssh2 consumed a packet that carried no data (a window
                    // adjustment, say); read again at once.
                    progressed = true
                }
            }
            if !toLocal.isEmpty {
                let sent = toLocal.withUnsafeBytes { send(local, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent > 0 {
                    toLocal.removeFirst(sent)
                    progressed = true
                } else if errno != EAGAIN && errno != EWOULDBLOCK {
                    break
                }
            } else if remoteEnded && !localShutDown {
                shutdown(local, Int32(SHUT_WR))
                localShutDown = true
            }

            // Caller → jump host.
            if toRemote.isEmpty {
                let count = buffer.withUnsafeMutableBytes { recv(local, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    toRemote = Array(buffer[0..<count])
                    progressed = true
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    localClosed = true
                }
            }
            if !toRemote.isEmpty && !remoteEnded {
                let count = toRemote.withUnsafeBufferPointer { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        libssh2_channel_write_ex(channel, 0, $0, bytes.count)
                    }
                }
                if count > 0 {
                    toRemote.removeFirst(count)
                    progressed = true
                } else if count == Int(LIBSSH2_ERROR_EAGAIN) {
                    sessionDirections |= libssh2_session_block_directions(session)
                } else {
                    remoteEnded = true
                    toRemote = []
                }
            } else if remoteEnded {
                toRemote = []
            }

            // A write may have read the jump host's next data into libssh2's queue: read it first.
            if !progressed && !localClosed && libssh2_poll_channel_read(channel, 0) == 0 {
                var events: Int16 = 0
                if sessionDirections & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
                if sessionDirections & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
                var pollers = [
                    pollfd(fd: socket, events: events, revents: 0),
                    pollfd(fd: local, events: Int16(toRemote.isEmpty ? POLLIN : 0) | Int16(toLocal.isEmpty ? 0 : POLLOUT), revents: 0),
                ]
                _ = poll(&pollers, 2, 1000)
            }
        }
        let deadline = Deadline(after: .seconds(1))
        while libssh2_channel_send_eof(channel) == LIBSSH2_ERROR_EAGAIN,
              pollSocket(directions: libssh2_session_block_directions(session), deadline: deadline) {}
        while libssh2_channel_close(channel) == LIBSSH2_ERROR_EAGAIN,
              pollSocket(directions: libssh2_session_block_directions(session), deadline: deadline) {}
        while libssh2_channel_free(channel) == LIBSSH2_ERROR_EAGAIN,
              pollSocket(directions: libssh2_session_block_directions(session), deadline: deadline) {}
    }
}
