import IptFleetCore

/// Where the firewall lives on a host, read from the rendered files: the systemd unit (the
/// `.service` file) and the script it runs (the executable file), plus iptfleet's state directory.
public struct InstallLayout: Sendable, Equatable {
    public let files: [RenderedFile]
    public let unitName: String
    public let scriptPath: String
    /// iptfleet's state directory on the host: every path and marker of commit-confirm.
    public let state = HostStateDirectory()

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
