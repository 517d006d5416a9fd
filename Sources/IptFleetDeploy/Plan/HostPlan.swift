import IptFleetCore

/// What must change on a host to reach the rendered state, from its probe: the files to write
/// and the unit and service actions. Empty when the host is already right.
public struct HostPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case install
        case uninstall
    }

    public let action: Action
    /// Files whose content, mode or ownership differ (install), or that exist (uninstall).
    public let files: [RenderedFile]
    /// A unit file or drop-in changes, so systemd must reload its configuration.
    public let unitFileChanged: Bool
    public let enableUnit: Bool
    public let restartUnit: Bool
    /// Firewall services to stop and disable (install) or re-enable (uninstall).
    public let services: [String]
    /// Of `services`, those the probe found enabled: an install remembers them for uninstall.
    public let enabledServices: [String]
    /// The firewall unit's state as the probe found it, recorded for a rollback.
    public let unitBefore: HostFacts.ServiceState
    /// One line per change, for the report.
    public let changes: [String]

    public var isEmpty: Bool { changes.isEmpty }

    /// Whether the change can cut SSH, so it is armed and kept only when confirmed: an install
    /// that switches rules or stops a firewall service.
    public var needsConfirmation: Bool { action == .install && (restartUnit || !services.isEmpty) }

    /// The plan that installs `layout` on a host described by `facts`.
    public static func install(_ layout: InstallLayout, facts: HostFacts, firewallServices: [String]) -> HostPlan {
        var changes: [String] = []
        let files = layout.files.filter { file in
            guard let found = facts.files[file.path] else {
                changes.append("create \(file.path)")
                return true
            }
            if found.sha256 != file.sha256 {
                changes.append("update \(file.path)")
            } else if found.mode != file.mode || found.owner != file.owner || found.group != file.group {
                changes.append("fix owner/mode of \(file.path) (\(found.owner):\(found.group) \(String(found.mode, radix: 8)) → \(file.owner):\(file.group) \(file.modeString))")
            } else {
                return false
            }
            return true
        }
        let unitFileChanged = files.contains { $0.role.configuredUnit != nil }
        let enableUnit = facts.unitEnabled != "enabled"
        if enableUnit { changes.append("enable \(layout.unitName)") }
        let restartUnit = !files.isEmpty || facts.unitActive != "active"
        if restartUnit { changes.append(facts.unitActive == "active" ? "restart \(layout.unitName)" : "start \(layout.unitName)") }
        let services = firewallServices.filter { name in
            guard let state = facts.services[name], state.exists else { return false }
            return state.isEnabled || state.isActive
        }
        changes += services.map { "stop and disable \($0)" }
        return HostPlan(action: .install, files: files, unitFileChanged: unitFileChanged, enableUnit: enableUnit,
                        restartUnit: restartUnit, services: services,
                        enabledServices: services.filter { facts.services[$0]?.isEnabled == true },
                        unitBefore: HostFacts.ServiceState(enabled: facts.unitEnabled, active: facts.unitActive), changes: changes)
    }

    /// The plan that removes the firewall from a host, keeping Docker's rules, and re-enables the
    /// firewall services that were enabled before the install.
    public static func uninstall(_ layout: InstallLayout, facts: HostFacts) -> HostPlan {
        var changes: [String] = []
        let unitPresent = facts.unitEnabled == "enabled" || facts.unitActive == "active"
        if unitPresent { changes.append("stop and disable \(layout.unitName)") }
        let files = layout.files.filter { facts.files[$0.path] != nil }
        changes += files.map { "remove \($0.path)" }
        let services = facts.servicesBeforeInstall.filter { facts.services[$0]?.isEnabled != true }
        changes += services.map { "re-enable \($0)" }
        return HostPlan(action: .uninstall, files: files, unitFileChanged: !files.isEmpty, enableUnit: false,
                        restartUnit: unitPresent, services: services, enabledServices: [],
                        unitBefore: HostFacts.ServiceState(enabled: facts.unitEnabled, active: facts.unitActive), changes: changes)
    }

    /// The units whose configuration the plan's files are part of (their manifest roles): the
    /// firewall's unit for its file, `x.service` for a drop-in of it.
    public var unitsOfChangedFiles: [String] {
        var units: [String] = []
        for case let unit? in files.map(\.role.configuredUnit) where !units.contains(unit) { units.append(unit) }
        return units
    }
}
