import IptFleetCore

/// Renders every selected host's files and pairs them with its connection settings, before any
/// host is contacted: a template error stops the run with nothing sent.
public enum HostTargetBuilder {
    public static func targets(for fleet: Fleet, templatesDirectory: String, connection: ConnectionDefaults) throws -> [HostTarget] {
        let renderer = try HostFileRenderer(templatesDirectory: templatesDirectory)
        return try fleet.configurations.map { configuration in
            let layout = try InstallLayout(files: try renderer.render(configuration))
            return HostTarget(configuration: configuration, layout: layout, ssh: connection.sshOptions(for: configuration.connection))
        }
    }
}
