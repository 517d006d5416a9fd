import IptFleetCore

/// What must change on a host to reach the rendered state, from its probe: the files to write
/// and the unit and service actions. Empty when the host is already right.
public struct HostPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case install
        case uninstall
    }

    /// What becomes of one file, and why.
    public struct FileChange: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// Not on the host yet.
            case create
            /// On the host with other content.
            case update
            /// Right content, but owner, group or mode differ: as found on the host.
            case fixOwnership(found: HostFacts.FileState)
            /// Removed by an uninstall.
            case remove
        }

        public let file: RenderedFile
        public let kind: Kind

        /// The line of the report.
        public var description: String {
            switch kind {
            case .create: "create \(file.path)"
            case .update: "update \(file.path)"
            case .fixOwnership(let found):
                "fix owner/mode of \(file.path) (\(found.owner):\(found.group) \(String(found.mode, radix: 8)) → \(file.owner):\(file.group) \(file.modeString))"
            case .remove: "remove \(file.path)"
            }
        }
    }

    public let action: Action
    /// The firewall unit.
    public let unitName: String
    /// Files whose content, mode or ownership differ (install), or that exist (uninstall).
    public let fileChanges: [FileChange]
    public let enableUnit: Bool
    /// Install: (re)start the unit; uninstall: stop and disable it.
    public let restartUnit: Bool
    /// Firewall services to stop and disable (install) or re-enable (uninstall).
    public let services: [String]
    /// Of `services`, those the probe found enabled: an install remembers them for uninstall.
    public let enabledServices: [String]
    /// The firewall unit's state as the probe found it, recorded for a rollback.
    public let unitBefore: UnitState

    /// The files the plan writes (install) or removes (uninstall).
    public var files: [RenderedFile] { fileChanges.map(\.file) }

    /// systemd must reload its configuration: an install writes a unit or a drop-in (the
    /// manifest's roles), an uninstall removes files.
    public var unitFileChanged: Bool {
        switch action {
        case .install: fileChanges.contains { $0.file.role.configuredUnit != nil }
        case .uninstall: !fileChanges.isEmpty
        }
    }

    public var isEmpty: Bool { fileChanges.isEmpty && !enableUnit && !restartUnit && services.isEmpty }

    /// One line per change, for the report.
    public var changes: [String] {
        switch action {
        case .install:
            fileChanges.map(\.description)
                + (enableUnit ? ["enable \(unitName)"] : [])
                + (restartUnit ? ["\(unitBefore.isActive ? "restart" : "start") \(unitName)"] : [])
                + services.map { "stop and disable \($0)" }
        case .uninstall:
            (restartUnit ? ["stop and disable \(unitName)"] : [])
                + fileChanges.map(\.description)
                + services.map { "re-enable \($0)" }
        }
    }

    /// Whether the change can cut SSH, so it is armed and kept only when confirmed: an install
    /// that switches rules or stops a firewall service.
    public var needsConfirmation: Bool { action == .install && (restartUnit || !services.isEmpty) }

    /// The plan that installs `layout` on a host described by `facts`.
    public static func install(_ layout: InstallLayout, facts: HostFacts, firewallServices: [String]) -> HostPlan {
        let fileChanges = layout.files.compactMap { file -> FileChange? in
            guard let found = facts.files[file.path] else { return FileChange(file: file, kind: .create) }
            if found.sha256 != file.sha256 { return FileChange(file: file, kind: .update) }
            if found.mode != file.mode || found.owner != file.owner || found.group != file.group {
                return FileChange(file: file, kind: .fixOwnership(found: found))
            }
            return nil
        }
        let services = firewallServices.filter { name in
            guard let state = facts.services[name], state.exists else { return false }
            return state.isEnabled || state.isActive
        }
        return HostPlan(action: .install, unitName: layout.unitName, fileChanges: fileChanges,
                        enableUnit: !facts.unit.isEnabled, restartUnit: !fileChanges.isEmpty || !facts.unit.isActive,
                        services: services, enabledServices: services.filter { facts.services[$0]?.isEnabled == true },
                        unitBefore: facts.unit)
    }

    /// The plan that removes the firewall from a host, keeping Docker's rules, and re-enables the
    /// firewall services that were enabled before the install.
    public static func uninstall(_ layout: InstallLayout, facts: HostFacts) -> HostPlan {
        let fileChanges = layout.files.filter { facts.files[$0.path] != nil }.map { FileChange(file: $0, kind: .remove) }
        return HostPlan(action: .uninstall, unitName: layout.unitName, fileChanges: fileChanges,
                        enableUnit: false, restartUnit: facts.unit.isEnabled || facts.unit.isActive,
                        services: facts.servicesBeforeInstall.filter { facts.services[$0]?.isEnabled != true }, enabledServices: [],
                        unitBefore: facts.unit)
    }

    /// The units whose configuration the plan's files are part of (their manifest roles): the
    /// firewall's unit for its file, `x.service` for a drop-in of it.
    public var unitsOfChangedFiles: [String] {
        var units: [String] = []
        for case let unit? in files.map(\.role.configuredUnit) where !units.contains(unit) { units.append(unit) }
        return units
    }
}
