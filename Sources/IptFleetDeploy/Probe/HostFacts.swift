/// What a host reported about itself in the probe: the state iptfleet compares its plan with.
/// A fact the host did not report is nil (or empty, for a collection).
public struct HostFacts: Sendable, Equatable {
    /// One installed file as found on the host.
    public struct FileState: Sendable, Equatable {
        public let sha256: String
        public let mode: UInt16
        public let owner: String
        public let group: String
    }

    /// PID 1 as the probe names it.
    public enum InitSystem: Sendable, Equatable, CustomStringConvertible {
        case systemd
        /// Another init, by its process name (`/proc/1/comm`), or `unknown`.
        case other(String)

        init(probed text: String) {
            self = text == "systemd" ? .systemd : .other(text)
        }

        public var description: String { if case .other(let name) = self { name } else { "systemd" } }
    }

    /// Which kernel interface `iptables` drives (from `iptables --version`).
    public enum IptablesBackend: Sendable, Equatable, CustomStringConvertible {
        case nfTables
        case legacy
        /// A version text that names neither, as the host printed it.
        case other(String)

        /// nil when the host printed no version (no iptables).
        init?(version: String) {
            if version.contains("nf_tables") { self = .nfTables }
            else if version.contains("legacy") { self = .legacy }
            else if version.isEmpty { return nil }
            else { self = .other(version) }
        }

        public var description: String {
            switch self {
            case .nfTables: "nf_tables"
            case .legacy: "legacy"
            case .other(let version): version
            }
        }
    }

    /// What the host says an interface that INPUT accepts whole is (see `InputExposure`).
    public enum InterfaceKind: String, Sendable, Equatable {
        case bridge, hardware, uplink, other, absent
    }

    /// The probe's own SSH connection as the host sees it (from `$SSH_CONNECTION`).
    public struct SSHConnection: Sendable, Equatable {
        public let clientAddress: String
        public let serverPort: Int
    }

    /// PID 1; nil in a partial answer (`HostProbe.swarmScript`).
    public var initSystem: InitSystem?
    public var files: [String: FileState] = [:]
    /// The firewall unit.
    public var unit = UnitState(enabled: nil, active: nil)
    /// The firewall services the probe asked about, such as ufw.
    public var services: [String: UnitState] = [:]
    /// Firewall services the host remembers as enabled before iptfleet first installed.
    public var servicesBeforeInstall: [String] = []
    /// nil when the host has no iptables (or was not asked: `status` only).
    public var iptablesBackend: IptablesBackend?
    public var dockerRunning = false
    public var ruleCount = 0
    /// Interfaces whose every packet INPUT accepts, with what the host says each is; asked for
    /// by `status` only.
    public var inputAcceptedInterfaces: [String: InterfaceKind] = [:]
    /// nil when the host did not tell (no `$SSH_CONNECTION`, such as a `local` host run outside SSH).
    public var sshConnection: SSHConnection?
    /// The id of an earlier change whose rollback timer is still armed (not yet confirmed).
    public var pendingChange: String?
    /// The id of the change `iptfleet rollback` would undo; nil when there is none.
    public var previousChange: String?
    public var swarm = SwarmMembership()

    public var hasSystemd: Bool { initSystem == .systemd }
    public var isInstalled: Bool { !files.isEmpty }
}
