/// How commands gain the rights of another user (root by default): through `sudo`, like
/// Ansible's `become`.
///
/// Without a password, commands run under `sudo -n`, and a host where sudo wants a password
/// fails with `SSHError.becomePasswordRequired`. With a password (Ansible's
/// `--ask-become-pass`), commands run under `sudo -S`, and the password goes to sudo through the
/// channel's stdin, only when sudo actually asks for it; it never appears on a command line.
public struct BecomeOptions: Sendable {
    /// The user to become (`sudo -u`).
    public var user: String
    /// The sudo password, or nil for `sudo -n`.
    public var password: SSHSecret?

    public init(user: String = "root", password: SSHSecret? = nil) {
        self.user = user
        self.password = password
    }
}
