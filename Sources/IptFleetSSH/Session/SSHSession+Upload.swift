import Foundation

extension SSHSession {
    /// Writes `data` to `path` on the host, atomically, with the given mode and ownership.
    ///
    /// The content goes through the command channel into a temporary file in the same directory
    /// (created with mode 0600), its size is checked, then owner, group and mode are set and the
    /// file is moved over `path` with `mv -f` (libssh2 1.10's SFTP cannot rename over a file).
    /// The mode is thus enforced also when `path` already existed, and an upload that breaks off
    /// leaves the old file intact. Under become, all of it runs through sudo.
    ///
    /// - Parameters:
    ///   - mode: permission bits, e.g. `0o644`.
    ///   - owner, group: names (or numeric ids) for `chown`; nil keeps the remote user's.
    ///   - timeout: defaults to `options.commandTimeout`.
    public func upload(
        _ data: Data, to path: String, mode: UInt16, owner: String? = nil, group: String? = nil, timeout: Duration? = nil
    ) throws(SSHError) {
        let endpoint = options.endpoint
        guard mode <= 0o7777 else { throw .uploadFailed(endpoint: endpoint, path: path, detail: "\(String(mode, radix: 8)) is not a file mode") }
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw .uploadFailed(endpoint: endpoint, path: path, detail: "the path names a directory, not a file") }
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let temporary = (directory == "/" ? "" : directory) + "/.\(name).iptfleet-XXXXXX"

        var script = [
            "umask 077",
            "tmp=$(mktemp \(temporary.shellQuoted)) || exit 1",
            "trap 'rm -f \"$tmp\"' EXIT",
            "trap 'exit 1' HUP INT TERM PIPE",
            "cat > \"$tmp\" || exit 1",
            "size=$(wc -c < \"$tmp\") || exit 1",
            "[ \"$size\" -eq \(data.count) ] || { echo \"received $size of \(data.count) bytes\" >&2; exit 1; }",
        ]
        if owner != nil || group != nil {
            let ownership = (owner ?? "") + (group.map { ":" + $0 } ?? "")
            script.append("chown \(ownership.shellQuoted) \"$tmp\" || exit 1")
        }
        script.append("chmod \(String(mode, radix: 8)) \"$tmp\" || exit 1")
        script.append("mv -f \"$tmp\" \(path.shellQuoted) || exit 1")

        let result: CommandResult
        do {
            result = try exec(script.joined(separator: "\n"), stdin: data, timeout: timeout)
        } catch .commandTimedOut(_, _, let after) {
            throw .timedOut(endpoint: endpoint, operation: "upload to \(path)", after: after)
        }
        guard result.succeeded else {
            let message = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = message.isEmpty ? "the remote shell exited with status \(result.exitStatus)" : message
            throw .uploadFailed(endpoint: endpoint, path: path, detail: detail)
        }
    }
}
