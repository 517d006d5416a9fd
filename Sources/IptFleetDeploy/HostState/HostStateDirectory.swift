/// Every path, marker and unit name iptfleet keeps on a host for commit-confirm (Docs/safety.md):
/// the state directory with its `pending`, `previous` and `reverted` changes, the markers in a
/// change's directory, the lock, the rollback timer and the boot guard unit. Nothing else names
/// them; the host-side scripts (`HostScripts`) get them as shell variables.
public struct HostStateDirectory: Sendable, Equatable {
    /// The state directory.
    public let root: String
    /// systemd's directory of the administrator's units, where the boot guard goes.
    public let unitDirectory: String
    /// A change whose rollback is armed and not yet confirmed (see `ChangeArming`).
    public var pending: String { root + "/pending" }
    /// The last confirmed change: what `iptfleet rollback` puts back.
    public var previous: String { root + "/previous" }
    /// The last change that was undone, with the time it was undone.
    public var reverted: String { root + "/reverted" }
    /// The lock (`flock`) that arming, confirming and undoing a change hold: one at a time. (The
    /// firewall script has its own, `lock`, for its runs.) `revert.sh` finds it next to its
    /// change's directory.
    public var lock: String { root + "/change.lock" }
    /// The firewall services that were on before the first install, for uninstall.
    public var firewallServices: String { root + "/firewall-services" }

    /// The files in a change's directory that say where the change stands. Whoever renames
    /// `armed` first wins: `revert.sh` (to `reverting`) or the confirmation (to `confirmed`).
    public enum Marker: String, Sendable {
        /// Armed: the timer undoes the change unless it is confirmed first.
        case armed
        /// Being undone (or its undo was interrupted by a shutdown).
        case reverting
        /// Confirmed: kept.
        case confirmed
        /// The change's id, one line.
        case id
    }

    /// `marker`'s path in the directory of the change at `directory`.
    public func path(_ marker: Marker, in directory: String) -> String { directory + "/" + marker.rawValue }

    /// The transient systemd unit (timer and service) that undoes change `id` unless it is
    /// confirmed first (see `ChangeArming`).
    public func timerUnit(id: String) -> String { "iptfleet-confirm-\(id)" }

    /// The unit that undoes an armed change at boot, when the host restarted inside its confirm
    /// window (the transient timer does not survive a reboot).
    public static let bootGuardUnit = "iptfleet-undo-unconfirmed.service"
    public var bootGuardPath: String { unitDirectory + "/" + Self.bootGuardUnit }
    /// Enabled by a plain symlink, so that arming needs no `daemon-reload`.
    public var bootGuardLink: String { unitDirectory + "/sysinit.target.wants/" + Self.bootGuardUnit }

    /// Where iptfleet keeps its state on every host.
    public init() {
        self.init(root: "/var/lib/iptables-docker", unitDirectory: "/etc/systemd/system")
    }

    /// A state directory elsewhere: the tests run the host-side scripts in a temporary directory.
    init(root: String, unitDirectory: String) {
        self.root = root
        self.unitDirectory = unitDirectory
    }
}
