/// What a host reported about itself in the probe: the state iptfleet compares its plan with.
public struct HostFacts: Sendable, Equatable {
    /// One installed file as found on the host.
    public struct FileState: Sendable, Equatable {
        public let sha256: String
        public let mode: UInt16
        public let owner: String
        public let group: String
    }

    /// A firewall service such as ufw: whether it exists, is enabled, is running.
    public struct ServiceState: Sendable, Equatable {
        public let enabled: String
        public let active: String

        public var exists: Bool { !enabled.isEmpty && enabled != "not-found" }
        public var isEnabled: Bool { enabled == "enabled" }
        public var isActive: Bool { active == "active" }
    }

    public var operatingSystem = ""
    /// PID 1's name when it is not systemd.
    public var initSystem = ""
    public var files: [String: FileState] = [:]
    /// `systemctl is-enabled` / `is-active` of the firewall unit.
    public var unitEnabled = ""
    public var unitActive = ""
    public var services: [String: ServiceState] = [:]
    /// Firewall services the host remembers as enabled before iptfleet first installed.
    public var servicesBeforeInstall: [String] = []
    public var iptablesVersion = ""
    public var dockerRunning = false
    public var ruleCount = 0
    /// Interfaces whose every packet INPUT accepts, with what the host says each is (`bridge`,
    /// `hardware`, `uplink`, `other`, `absent`); asked for by `status` only.
    public var inputAcceptedInterfaces: [String: String] = [:]
    /// The client address and the server port of the probe's own SSH connection, as the host
    /// sees them (from `$SSH_CONNECTION`); empty when the host did not tell.
    public var sshClientAddress = ""
    public var sshServerPort = 0
    /// The id of an earlier change whose rollback timer is still armed (not yet confirmed).
    public var pendingChange = ""
    /// The id of the change `iptfleet rollback` would undo; empty when there is none.
    public var previousChange = ""
    public var swarm = SwarmMembership()

    public var hasSystemd: Bool { initSystem == "systemd" }
    public var isInstalled: Bool { !files.isEmpty }
}
