import Foundation

/// Why an SSH operation failed, as a typed case with a sentence a person can act on.
///
/// No case ever holds a password or passphrase: the messages name methods, files and
/// fingerprints only.
public enum SSHError: Error, Sendable, Equatable {
    /// The host name is empty or has characters no host name has (it was not looked up).
    case invalidHostName(String)
    /// DNS (or /etc/hosts) has no address for the host.
    case nameResolutionFailed(host: String, detail: String)
    /// Every address of the host refused the TCP connection: nothing listens on that port.
    case connectionRefused(endpoint: String)
    /// The TCP connection failed for another reason (network unreachable, reset, …).
    case connectionFailed(endpoint: String, detail: String)
    /// A step did not finish within its time budget; the session has been torn down.
    case timedOut(endpoint: String, operation: String, after: Duration)
    /// The peer closed or garbled the connection during the SSH handshake.
    case handshakeFailed(endpoint: String, detail: String)
    /// Client and server share no key exchange, cipher, MAC or host-key algorithm.
    case noMatchingAlgorithms(endpoint: String, detail: String)
    /// The known_hosts file could not be read or appended to.
    case knownHostsFileFailed(path: String, detail: String)
    /// The host is not in known_hosts and the policy is `.strict`.
    case hostKeyUnknown(endpoint: String, keyType: String, fingerprint: String, knownHostsPath: String)
    /// The host is in known_hosts with a different key (or only with keys of other types).
    case hostKeyChanged(endpoint: String, knownHostsName: String, keyType: String, fingerprint: String, knownHostsPath: String, knownKeyTypes: [String])
    /// known_hosts marks the host's key as `@revoked`.
    case hostKeyRevoked(endpoint: String, keyType: String, fingerprint: String, knownHostsPath: String)
    /// No credential was accepted; lists what the server offered and what was tried.
    case authenticationFailed(user: String, endpoint: String, offered: [String], tried: [String], hint: String?)
    /// `sudo -n` refused because sudo wants a password and none was given.
    case becomePasswordRequired(endpoint: String, user: String)
    /// sudo did not run the command (wrong password, user not in sudoers, sudo missing, …).
    case becomeFailed(endpoint: String, detail: String)
    /// A remote command ran longer than its timeout; the session has been torn down.
    case commandTimedOut(endpoint: String, command: String, after: Duration)
    /// An upload did not complete; the target file, if it existed, is unchanged.
    case uploadFailed(endpoint: String, path: String, detail: String)
    /// libssh2 reported an error in a protocol step (channel refused, connection lost, …).
    case sessionFailed(endpoint: String, operation: String, detail: String)
    /// The session is not connected (never connected, closed, or torn down after a timeout).
    case notConnected(endpoint: String)
    /// A secret was to be asked on the terminal, but the process has none.
    case promptUnavailable(prompt: String)
    /// Connecting or logging in to a jump host (`ProxyJump`) failed.
    indirect case jumpHostFailed(jump: String, target: String, underlying: SSHError)
    /// The jump host could not open a connection to the target (`direct-tcpip` refused).
    case tunnelFailed(jump: String, target: String, detail: String)
}

extension SSHError: CustomStringConvertible, LocalizedError {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalidHostName(let host):
            return "'\(host)' is not a valid host name or address."
        case .nameResolutionFailed(let host, let detail):
            return "Cannot resolve host '\(host)': \(detail). Check the name in the inventory (or ansible_host) and DNS."
        case .connectionRefused(let endpoint):
            return "Connection to \(endpoint) refused: no SSH server listens on that port. Check ansible_port and that sshd runs."
        case .connectionFailed(let endpoint, let detail):
            return "Cannot connect to \(endpoint): \(detail)."
        case .timedOut(let endpoint, let operation, let after):
            return "\(endpoint): \(operation) timed out after \(after.secondsDescription); the connection was closed."
        case .handshakeFailed(let endpoint, let detail):
            return "SSH handshake with \(endpoint) failed: \(detail). Is an SSH server listening there?"
        case .noMatchingAlgorithms(let endpoint, let detail):
            return "SSH handshake with \(endpoint) failed: no algorithm in common (\(detail)). "
                + "This client uses libssh2 1.11, which offers the ciphers chacha20-poly1305@openssh.com, aes256/128-gcm@openssh.com, "
                + "aes128/192/256-ctr and aes-cbc, MACs hmac-sha2-256/512 and hmac-sha1 with and without -etm@openssh.com "
                + "(no umac), key exchange curve25519-sha256, ecdh-sha2-nistp* and diffie-hellman-group14/16/18, "
                + "and host keys ssh-ed25519, ecdsa-sha2-nistp*, rsa-sha2-512/256 and ssh-rsa. "
                + "Fix: allow one of them in the server's sshd_config (for example "
                + "'Ciphers +aes256-gcm@openssh.com' or 'MACs +hmac-sha2-256-etm@openssh.com')."
        case .knownHostsFileFailed(let path, let detail):
            return "Cannot use known_hosts file \(path): \(detail)."
        case .hostKeyUnknown(let endpoint, let keyType, let fingerprint, let path):
            let compare = "Compare the fingerprint with the host's own (on the host: ssh-keygen -lf /etc/ssh/ssh_host_\(keyFileStem(keyType))_key.pub); "
            guard path != KnownHosts.emptyPath else {
                return "Host key of \(endpoint) is unknown: \(keyType) key \(fingerprint); known_hosts is /dev/null "
                    + "(UserKnownHostsFile none or /dev/null), so every host is unknown. " + compare
                    + "if it matches, record it in a real known_hosts file (--known-hosts), or use the accept-new host-key policy, which accepts it unrecorded."
            }
            return "Host key of \(endpoint) is unknown: \(keyType) key \(fingerprint) is not in \(path). " + compare
                + "if it matches, connect once with the accept-new host-key policy (like OpenSSH's StrictHostKeyChecking=accept-new) "
                + "to record it, or add it to \(path) yourself."
        case .hostKeyChanged(let endpoint, let name, let keyType, let fingerprint, let path, let knownTypes):
            let what = knownTypes.contains(keyType)
                ? "the \(keyType) key recorded in \(path) differs from the one the host presented (\(fingerprint))"
                : "\(path) has only \(knownTypes.joined(separator: ", ")) keys for it, but the host presented a \(keyType) key (\(fingerprint))"
            return "HOST KEY OF \(endpoint) HAS CHANGED: \(what). Someone may be intercepting the connection, or the host was reinstalled. "
                + "Nothing was sent. If the change is expected, remove the old entry with "
                + "ssh-keygen -R '\(name)' -f \(path) and connect again with the accept-new policy."
        case .hostKeyRevoked(let endpoint, let keyType, let fingerprint, let path):
            return "Host key of \(endpoint) (\(keyType) \(fingerprint)) is marked @revoked in \(path); refusing to connect."
        case .authenticationFailed(let user, let endpoint, let offered, let tried, let hint):
            let triedText = tried.isEmpty ? "nothing (no agent, key file or password was available)" : tried.joined(separator: "; ")
            var text = "Authentication as \(user) on \(endpoint) failed. The server offered: \(offered.joined(separator: ", ")). Tried: \(triedText)."
            if let hint { text += " " + hint }
            return text
        case .becomePasswordRequired(let endpoint, let user):
            return "\(endpoint): sudo wants a password to become \(user) (sudo -n refused). "
                + "Give the become password (like ansible's --ask-become-pass) or allow NOPASSWD for this user in sudoers."
        case .becomeFailed(let endpoint, let detail):
            return "\(endpoint): become through sudo failed: \(detail)."
        case .commandTimedOut(let endpoint, let command, let after):
            return "\(endpoint): command '\(abbreviated(command))' did not finish within \(after.secondsDescription); the connection was closed."
        case .uploadFailed(let endpoint, let path, let detail):
            return "\(endpoint): upload to \(path) failed: \(detail). The previous file, if any, is unchanged."
        case .sessionFailed(let endpoint, let operation, let detail):
            return "\(endpoint): \(operation) failed: \(detail)."
        case .notConnected(let endpoint):
            return "The SSH session to \(endpoint) is not open (not connected yet, closed, or ended by an earlier timeout)."
        case .jumpHostFailed(let jump, let target, let underlying):
            return "Cannot reach \(target) through jump host \(jump): \(underlying.description)"
        case .tunnelFailed(let jump, let target, let detail):
            return "Jump host \(jump) could not open a connection to \(target): \(detail). "
                + "Check that \(target) is reachable from \(jump) and that its sshd allows TCP forwarding (AllowTcpForwarding)."
        case .promptUnavailable(let prompt):
            return "Cannot ask '\(prompt.trimmingCharacters(in: .whitespaces))': there is no terminal. Use an environment variable instead."
        }
    }
}

/// `ssh_host_<stem>_key.pub` for a key type name.
private func keyFileStem(_ keyType: String) -> String {
    if keyType.hasPrefix("ecdsa") { return "ecdsa" }
    if keyType == "ssh-rsa" { return "rsa" }
    return keyType.replacingOccurrences(of: "ssh-", with: "")
}

private func abbreviated(_ command: String) -> String {
    let firstLine = command.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
    return firstLine.count > 60 ? firstLine.prefix(57) + "..." : (firstLine == command ? command : firstLine + " ...")
}
