import IptFleetCore

/// Where the firewall lives on a host, read from the rendered files: the systemd unit and the
/// script it runs (the files with `role: unit` and `role: script` in the templates' manifest),
/// plus iptfleet's state directory.
public struct InstallLayout: Sendable, Equatable {
    public let files: [RenderedFile]
    public let unitName: String
    public let scriptPath: String
    /// iptfleet's state directory on the host: every path and marker of commit-confirm.
    public let state: HostStateDirectory

    /// Why the rendered files do not make an installable firewall.
    public struct Incomplete: Error, CustomStringConvertible {
        public let description: String
    }

    public init(files: [RenderedFile]) throws(Incomplete) {
        try self.init(files: files, state: HostStateDirectory())
    }

    /// The layout with its state directory at `state` (the tests' is a temporary directory).
    init(files: [RenderedFile], state: HostStateDirectory) throws(Incomplete) {
        guard case .unit(let unitName) = files.lazy.map(\.role).first(where: { $0.name == "unit" }) else {
            throw Incomplete(description: "the templates' manifest installs no systemd unit (no file has role: unit)")
        }
        guard let script = files.first(where: { $0.role == .script }) else {
            throw Incomplete(description: "the templates' manifest installs no firewall script (no file has role: script)")
        }
        self.files = files
        self.unitName = unitName
        scriptPath = script.path
        self.state = state
    }
}
