import IptFleetCore

/// Renders every selected host's files and pairs them with its connection settings, before any
/// host is contacted: a template error or an unusable connection setting stops the run with
/// nothing sent.
public enum HostTargetBuilder {
    /// The targets, and warnings about connection options that are ignored (each said once).
    public struct Targets: Sendable {
        public let targets: [HostTarget]
        public let warnings: [String]
    }

    public static func targets(for fleet: Fleet, templatesDirectory: String, connection: ConnectionResolver) throws -> Targets {
        let renderer = try HostFileRenderer(templatesDirectory: templatesDirectory)
        var warnings: [String] = []
        var warned = Set<String>()
        var targets: [HostTarget] = []
        for configuration in fleet.configurations {
            let layout = { try InstallLayout(files: try renderer.render(configuration)) }
            let type = try connection.connectionType(host: configuration.name, connection: configuration.connection)
            if type == .local {
                targets.append(HostTarget(configuration: configuration, layout: try layout(),
                                          ssh: connection.localOptions(connection: configuration.connection), connectionType: .local))
                continue
            }
            let resolved = try connection.resolve(host: configuration.name, connection: configuration.connection)
            warnings += resolved.warnings.filter { warned.insert($0).inserted }
            // The firewall keeps SSH open on ansible_port (22 by default); connecting to another
            // port (ssh_config's Port) would lock the controller out after the deploy.
            guard resolved.options.port == configuration.policy.sshPort else {
                throw ConnectionError(host: configuration.name, message: "ssh_config or ansible_ssh_common_args give port \(resolved.options.port), "
                    + "but the firewall would keep SSH open on port \(configuration.policy.sshPort); set ansible_port=\(resolved.options.port) for this host")
            }
            targets.append(HostTarget(configuration: configuration, layout: try layout(), ssh: resolved.options))
        }
        return Targets(targets: targets, warnings: warnings)
    }
}
