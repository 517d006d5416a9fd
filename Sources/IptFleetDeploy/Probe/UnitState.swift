/// A systemd unit as the probe found it (`systemctl show`): whether it is installed and enabled,
/// and whether it runs. Both are nil when systemd does not know the unit (or did not say).
public struct UnitState: Sendable, Equatable {
    public let enabled: UnitFileState?
    public let active: UnitActiveState?

    public init(enabled: UnitFileState?, active: UnitActiveState?) {
        self.enabled = enabled
        self.active = active
    }

    /// systemd knows the unit (a unit file is installed for it).
    public var exists: Bool { enabled != nil }
    public var isEnabled: Bool { enabled == .enabled }
    public var isActive: Bool { active == .active }

    /// Both states as a change records them on the host for its undo (`unit-enabled`,
    /// `unit-active`): systemd's own words, an empty line for none.
    public var recorded: (enabled: String, active: String) {
        (enabled.map(\.description) ?? "", active.map(\.description) ?? "")
    }
}

/// systemd's `UnitFileState` of a unit it knows. iptfleet decides only on `enabled`; every other
/// state (`disabled`, `static`, `masked`, …) is kept as systemd wrote it, for the report and the
/// record of a change.
public enum UnitFileState: Sendable, Equatable, CustomStringConvertible {
    case enabled
    case other(String)

    /// nil for the empty text of a unit systemd does not know (or `not-found`).
    init?(probed text: String) {
        switch text {
        case "", "not-found": return nil
        case "enabled": self = .enabled
        default: self = .other(text)
        }
    }

    public var description: String { if case .other(let text) = self { text } else { "enabled" } }
}

/// systemd's `ActiveState`. iptfleet decides only on `active`; every other state (`inactive`,
/// `failed`, `activating`, …) is kept as systemd wrote it, for the report and the record.
public enum UnitActiveState: Sendable, Equatable, CustomStringConvertible {
    case active
    case other(String)

    /// nil for an empty text (systemd did not say).
    init?(probed text: String) {
        guard !text.isEmpty else { return nil }
        self = text == "active" ? .active : .other(text)
    }

    public var description: String { if case .other(let text) = self { text } else { "active" } }
}
