import CLibSSH2
import Foundation

/// The host keys an OpenSSH known_hosts file records, matched by libssh2's own matcher: plain
/// names, comma-separated names, `[host]:port` names and hashed (`|1|salt|hash`) names.
///
/// Lines are fed to libssh2 one by one, so a line it cannot parse (a wildcard pattern, an
/// unknown key type) is skipped like OpenSSH skips it instead of ending the read. `@revoked`
/// lines are kept in a second list and refuse their key; `@cert-authority` lines are skipped
/// (libssh2 1.10 has no host certificates).
///
/// `/dev/null` (ssh_config's `UserKnownHostsFile none` becomes it) is an empty list that
/// records nothing, as in OpenSSH: every host is unknown, so the strict policy refuses it with
/// its fingerprint, and accept-new accepts it without writing it anywhere.
final class KnownHosts {
    /// What known_hosts says about a presented key.
    enum Verdict {
        case match, mismatch, notFound, revoked
    }

    /// The known_hosts file that is always empty and never written.
    static let emptyPath = "/dev/null"

    let path: String
    /// A socket-less libssh2 session that only owns the lists, so their lifetime does not depend
    /// on the connection's session (which a timeout may free at any moment).
    private let owner: OpaquePointer
    private let trusted: OpaquePointer
    private let revoked: OpaquePointer

    /// Serialises appends from sessions running on different threads.
    private static let appendLock = NSLock()

    /// Reads `path`; a missing file counts as an empty one.
    init(path: String) throws(SSHError) {
        guard let owner = libssh2_session_init_ex(nil, nil, nil, nil) else {
            throw SSHError.knownHostsFileFailed(path: path, detail: "libssh2 could not allocate a known-hosts list")
        }
        guard let trusted = libssh2_knownhost_init(owner), let revoked = libssh2_knownhost_init(owner) else {
            libssh2_session_free(owner)
            throw SSHError.knownHostsFileFailed(path: path, detail: "libssh2 could not allocate a known-hosts list")
        }
        self.path = path
        self.owner = owner
        self.trusted = trusted
        self.revoked = revoked
        guard path != Self.emptyPath, FileManager.default.fileExists(atPath: path) else { return }
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SSHError.knownHostsFileFailed(path: path, detail: error.localizedDescription)
        }
        for rawLine in contents.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("@revoked") {
                Self.add(String(line.dropFirst("@revoked".count)), to: revoked)
            } else if !line.hasPrefix("@") {
                Self.add(line, to: trusted)
            }
        }
    }

    deinit {
        libssh2_knownhost_free(trusted)
        libssh2_knownhost_free(revoked)
        libssh2_session_free(owner)
    }

    /// The name a host has in known_hosts: `host` on port 22, `[host]:port` on any other port.
    static func entryName(host: String, port: Int) -> String {
        port == 22 ? host.lowercased() : "[\(host.lowercased())]:\(port)"
    }

    /// The key types known_hosts holds for `name`, in the default preference order.
    func knownTypes(for name: String) -> [HostKeyType] {
        // A one-byte key never equals a recorded key, so "mismatch" means "an entry of this
        // type exists for the name" and "not found" means "none does".
        HostKeyType.defaultOrder.filter { type in
            Self.check(trusted, name: name, key: Array("x\0".utf8), encoding: LIBSSH2_KNOWNHOST_KEYENC_BASE64, type: type)
                == LIBSSH2_KNOWNHOST_CHECK_MISMATCH
        }
    }

    /// Looks up the raw key blob `key` the server presented for `name`.
    func verdict(for name: String, key: [UInt8], type: HostKeyType) -> Verdict {
        if Self.check(revoked, name: name, key: key, encoding: LIBSSH2_KNOWNHOST_KEYENC_RAW, type: type) == LIBSSH2_KNOWNHOST_CHECK_MATCH {
            return .revoked
        }
        switch Self.check(trusted, name: name, key: key, encoding: LIBSSH2_KNOWNHOST_KEYENC_RAW, type: type) {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH: return .match
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return .mismatch
        default: return .notFound
        }
    }

    /// Appends `name type base64key` to the file (creating it with mode 0600 and its directory
    /// with mode 0700 if needed); existing lines are never rewritten. `/dev/null` records nothing.
    func record(name: String, type: HostKeyType, key: [UInt8]) throws(SSHError) {
        guard path != Self.emptyPath else { return }
        let line = "\(name) \(type.algorithmName) \(Data(key).base64EncodedString())\n"
        Self.appendLock.lock()
        defer { Self.appendLock.unlock() }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            let existing = FileManager.default.contents(atPath: path) ?? Data()
            let separator = existing.isEmpty || existing.last == UInt8(ascii: "\n") ? "" : "\n"
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: Data((separator + line).utf8))
        } catch {
            throw SSHError.knownHostsFileFailed(path: path, detail: "cannot record the new host key: \(error.localizedDescription)")
        }
    }

    private static func add(_ line: String, to list: OpaquePointer) {
        // Lines libssh2 cannot parse are skipped, as OpenSSH skips them.
        _ = line.withCString { libssh2_knownhost_readline(list, $0, strlen($0), LIBSSH2_KNOWNHOST_FILE_OPENSSH) }
    }

    private static func check(_ list: OpaquePointer, name: String, key: [UInt8], encoding: Int32, type: HostKeyType) -> Int32 {
        let typemask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | encoding | type.knownHostMask
        // Port -1: `name` already is the exact known_hosts name. (libssh2's own port handling
        // would also accept a plain `host` entry for a non-standard port, which OpenSSH does not.)
        return key.withUnsafeBytes { bytes in
            libssh2_knownhost_checkp(list, name, -1, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, typemask, nil)
        }
    }
}
