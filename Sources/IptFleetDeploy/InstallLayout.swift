import IptFleetCore

/// Where the firewall lives on a host, read from the rendered files: the systemd unit (the
/// `.service` file) and the script it runs (the executable file), plus iptfleet's state directory.
public struct InstallLayout: Sendable, Equatable {
    public let files: [RenderedFile]
    public let unitName: String
    public let scriptPath: String
    public let stateDirectory = "/var/lib/iptables-docker"
    /// A change whose rollback is armed and not yet confirmed (see `ChangeArming`).
    public var pendingDirectory: String { stateDirectory + "/pending" }
    /// The last confirmed change: what `iptfleet rollback` puts back.
    public var previousDirectory: String { stateDirectory + "/previous" }
    /// The last change that was undone, with the time it was undone.
    public var revertedDirectory: String { stateDirectory + "/reverted" }
    /// The lock (`flock`) that arming, confirming and undoing a change hold: one at a time. (The
    /// firewall script has its own, `lock`, for its runs.)
    public var lockPath: String { stateDirectory + "/change.lock" }

    /// Why the rendered files do not make an installable firewall.
    public struct Incomplete: Error, CustomStringConvertible {
        public let description: String
    }

    public init(files: [RenderedFile]) throws(Incomplete) {
        guard let unit = files.first(where: { $0.path.hasSuffix(".service") }) else {
            throw Incomplete(description: "the templates' manifest installs no systemd unit (a file ending in .service)")
        }
        guard let script = files.first(where: { $0.mode & 0o100 != 0 }) else {
            throw Incomplete(description: "the templates' manifest installs no executable script (mode 07xx)")
        }
        self.files = files
        unitName = String(unit.path.split(separator: "/").last ?? "")
        scriptPath = script.path
    }
}
