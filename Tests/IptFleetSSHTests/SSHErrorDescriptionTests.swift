import IptFleetSSH
import Testing

/// The sentence each SSH error shows, word for word as Docs/troubleshooting.md lists it. The
/// other SSH tests produce these errors from a real sshd and check their cases; this checks
/// the text the user then reads.
struct SSHErrorDescriptionTests {
    static let endpoint = "10.0.0.5:22"
    static let cases: [(SSHError, String)] = [
        (.invalidHostName("bad host"), "'bad host' is not a valid host name or address."),
        (.nameResolutionFailed(host: "web9", detail: "Name or service not known"),
         "Cannot resolve host 'web9': Name or service not known. Check the name in the inventory (or ansible_host) and DNS."),
        (.connectionRefused(endpoint: endpoint),
         "Connection to 10.0.0.5:22 refused: no SSH server listens on that port. Check ansible_port and that sshd runs."),
        (.connectionFailed(endpoint: endpoint, detail: "Network is unreachable"), "Cannot connect to 10.0.0.5:22: Network is unreachable."),
        (.timedOut(endpoint: endpoint, operation: "SSH handshake", after: .seconds(10)),
         "10.0.0.5:22: SSH handshake timed out after 10 s; the connection was closed."),
        (.handshakeFailed(endpoint: endpoint, detail: "banner exchange failed"),
         "SSH handshake with 10.0.0.5:22 failed: banner exchange failed. Is an SSH server listening there?"),
        (.noMatchingAlgorithms(endpoint: endpoint, detail: "Unable to exchange encryption keys"),
         "SSH handshake with 10.0.0.5:22 failed: no algorithm in common (Unable to exchange encryption keys). "
            + "This client uses libssh2 1.11, which offers the ciphers chacha20-poly1305@openssh.com, aes256/128-gcm@openssh.com, "
            + "aes128/192/256-ctr and aes-cbc, MACs hmac-sha2-256/512 and hmac-sha1 with and without -etm@openssh.com "
            + "(no umac), key exchange curve25519-sha256, ecdh-sha2-nistp* and diffie-hellman-group14/16/18, "
            + "and host keys ssh-ed25519, ecdsa-sha2-nistp*, rsa-sha2-512/256 and ssh-rsa. "
            + "Fix: allow one of them in the server's sshd_config (for example 'Ciphers +aes256-gcm@openssh.com' or 'MACs +hmac-sha2-256-etm@openssh.com')."),
        (.knownHostsFileFailed(path: "/root/.ssh/known_hosts", detail: "Permission denied"),
         "Cannot use known_hosts file /root/.ssh/known_hosts: Permission denied."),
        (.hostKeyUnknown(endpoint: endpoint, keyType: "ssh-ed25519", fingerprint: "SHA256:abc", knownHostsPath: "/k"),
         "Host key of 10.0.0.5:22 is unknown: ssh-ed25519 key SHA256:abc is not in /k. Compare the fingerprint with the host's own "
            + "(on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); if it matches, connect once with the accept-new "
            + "host-key policy (like OpenSSH's StrictHostKeyChecking=accept-new) to record it, or add it to /k yourself."),
        (.hostKeyChanged(endpoint: endpoint, knownHostsName: "10.0.0.5", keyType: "ssh-ed25519", fingerprint: "SHA256:new",
                         knownHostsPath: "/k", knownKeyTypes: ["ssh-ed25519"]),
         "HOST KEY OF 10.0.0.5:22 HAS CHANGED: the ssh-ed25519 key recorded in /k differs from the one the host presented (SHA256:new). "
            + "Someone may be intercepting the connection, or the host was reinstalled. Nothing was sent. If the change is expected, "
            + "remove the old entry with ssh-keygen -R '10.0.0.5' -f /k and connect again with the accept-new policy."),
        (.hostKeyChanged(endpoint: endpoint, knownHostsName: "10.0.0.5", keyType: "ssh-ed25519", fingerprint: "SHA256:new",
                         knownHostsPath: "/k", knownKeyTypes: ["ecdsa-sha2-nistp256"]),
         "HOST KEY OF 10.0.0.5:22 HAS CHANGED: /k has only ecdsa-sha2-nistp256 keys for it, but the host presented a ssh-ed25519 key (SHA256:new). "
            + "Someone may be intercepting the connection, or the host was reinstalled. Nothing was sent. If the change is expected, "
            + "remove the old entry with ssh-keygen -R '10.0.0.5' -f /k and connect again with the accept-new policy."),
        (.hostKeyRevoked(endpoint: endpoint, keyType: "ssh-ed25519", fingerprint: "SHA256:old", knownHostsPath: "/k"),
         "Host key of 10.0.0.5:22 (ssh-ed25519 SHA256:old) is marked @revoked in /k; refusing to connect."),
        (.authenticationFailed(user: "root", endpoint: endpoint, offered: ["publickey"], tried: [], hint: nil),
         "Authentication as root on 10.0.0.5:22 failed. The server offered: publickey. Tried: nothing (no agent, key file or password was available)."),
        (.authenticationFailed(user: "root", endpoint: endpoint, offered: ["publickey", "password"], tried: ["key /k/id_rsa (rejected)"],
                               hint: "RSA keys cannot work here: libssh2 1.10 signs with ssh-rsa (SHA-1) only, and OpenSSH 8.8 and later reject that."),
         "Authentication as root on 10.0.0.5:22 failed. The server offered: publickey, password. Tried: key /k/id_rsa (rejected). "
            + "RSA keys cannot work here: libssh2 1.10 signs with ssh-rsa (SHA-1) only, and OpenSSH 8.8 and later reject that."),
        (.becomePasswordRequired(endpoint: endpoint, user: "root"),
         "10.0.0.5:22: sudo wants a password to become root (sudo -n refused). Give the become password (like ansible's --ask-become-pass) "
            + "or allow NOPASSWD for this user in sudoers."),
        (.becomeFailed(endpoint: endpoint, detail: "sudo rejected the become password"),
         "10.0.0.5:22: become through sudo failed: sudo rejected the become password."),
        (.commandTimedOut(endpoint: endpoint, command: "sleep 100", after: .seconds(2)),
         "10.0.0.5:22: command 'sleep 100' did not finish within 2 s; the connection was closed."),
        (.uploadFailed(endpoint: endpoint, path: "/etc/x", detail: "received 3 of 9 bytes"),
         "10.0.0.5:22: upload to /etc/x failed: received 3 of 9 bytes. The previous file, if any, is unchanged."),
        (.sessionFailed(endpoint: endpoint, operation: "opening a channel", detail: "connection closed"),
         "10.0.0.5:22: opening a channel failed: connection closed."),
        (.notConnected(endpoint: endpoint),
         "The SSH session to 10.0.0.5:22 is not open (not connected yet, closed, or ended by an earlier timeout)."),
        (.promptUnavailable(prompt: "Passphrase for /k/id: "),
         "Cannot ask 'Passphrase for /k/id:': there is no terminal. Use an environment variable instead."),
    ]

    @Test(arguments: cases.indices)
    func descriptionSaysWhatHappenedAndWhatToDo(_ index: Int) {
        let (error, text) = Self.cases[index]
        #expect(error.description == text)
    }
}
