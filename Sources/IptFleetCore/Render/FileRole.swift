/// What an installed file is to iptfleet, from the `role:` of its manifest entry: a deploy
/// finds the firewall's script and unit by it, and reloads systemd when a file systemd reads
/// changes.
public enum FileRole: Sendable, Equatable {
    /// The firewall script the unit runs (`role: script`): a new ruleset passes its `check`
    /// before anything changes, and `--diff` shows its `preview`.
    case script
    /// The firewall's systemd unit, named by its file name (`role: unit`, a `NAME.service`).
    case unit(String)
    /// A drop-in of another unit, named by its directory (`role: drop-in`, at
    /// `…/NAME.d/FILE.conf`).
    case dropIn(String)
    /// Any other file (`role: file`).
    case file

    /// The role named `name` (`nil`: none given) of the file at `path`, whose entry is at `origin`.
    init(_ name: String?, of path: String, at origin: VariableOrigin) throws(RenderError) {
        let parts = path.split(separator: "/").map(String.init)
        switch name {
        case "script":
            self = .script
        case "unit":
            guard let file = parts.last, file.hasSuffix(".service") else {
                throw RenderError(origin: origin, message: "\(path) has role: unit, so it must be a systemd service file (NAME.service)")
            }
            self = .unit(file)
        case "drop-in":
            guard parts.count >= 2, parts[parts.count - 2].hasSuffix(".d"), parts[parts.count - 1].hasSuffix(".conf") else {
                throw RenderError(origin: origin, message: "\(path) has role: drop-in, so it must be at …/NAME.d/FILE.conf")
            }
            self = .dropIn(String(parts[parts.count - 2].dropLast(2)))
        case "file":
            self = .file
        default:
            let found = name.map { "role '\($0)'" } ?? "no role"
            throw RenderError(origin: origin, message: "\(path) has \(found); give it role: script, unit, drop-in or file")
        }
    }

    /// The name a manifest gives the role.
    public var name: String {
        switch self {
        case .script: "script"
        case .unit: "unit"
        case .dropIn: "drop-in"
        case .file: "file"
        }
    }

    /// The unit whose configuration the file is part of, if systemd reads it.
    public var configuredUnit: String? {
        switch self {
        case .unit(let name), .dropIn(let name): name
        case .script, .file: nil
        }
    }

    /// The firewall's script or unit: a manifest has at most one of each.
    var isFirewallPart: Bool {
        switch self {
        case .script, .unit: true
        case .dropIn, .file: false
        }
    }
}
