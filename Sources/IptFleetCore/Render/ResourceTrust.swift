import Foundation

/// Templates become a script that runs as root on every host, and defaults become every host's
/// policy: a templates or defaults directory that someone else can write to would hand them the
/// fleet. Like OpenSSH's StrictModes for keys, the directory, everything in it and every
/// directory above it must be owned by root or by the user running iptfleet, and writable by no
/// one else — an ancestor writable by others is accepted only when it is sticky (`/tmp`), where
/// no one else can rename what is ours.
public enum ResourceTrust {
    /// Throws, naming the first path that fails and why, unless `directory` (the `what`:
    /// "templates", "defaults") can be trusted.
    public static func verify(directory: String, what: String) throws(InventoryError) {
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        var ancestor = URL(fileURLWithPath: resolved).deletingLastPathComponent()
        while true {
            try check(ancestor.path, what: what, stickyMayBeShared: true)
            if ancestor.path == "/" { break }
            ancestor = ancestor.deletingLastPathComponent()
        }
        try check(resolved, what: what, stickyMayBeShared: false)
        let entries = FileManager.default.enumerator(atPath: resolved).map { $0.compactMap { $0 as? String } } ?? []
        for entry in entries.sorted() { try check(resolved + "/" + entry, what: what, stickyMayBeShared: false) }
    }

    private static func check(_ path: String, what: String, stickyMayBeShared: Bool) throws(InventoryError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o7777
        let user = geteuid()
        let sharedWrite = mode & 0o022 != 0
        let trustedOwner = info.st_uid == 0 || info.st_uid == user
        if trustedOwner, !sharedWrite || (stickyMayBeShared && mode & 0o1000 != 0) { return }
        let why = trustedOwner ? "mode \(String(format: "%04o", mode)) lets others write to it"
            : "it is owned by uid \(info.st_uid), neither root nor you (uid \(user))"
        throw InventoryError(origin: VariableOrigin(file: path, line: nil),
                             message: "not trusted as \(what): \(why); iptfleet renders \(what) into what runs as root on every host, so they must be owned by root or you and writable by no one else (chown, chmod go-w)")
    }
}
