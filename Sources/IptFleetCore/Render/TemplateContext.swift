/// The values templates see, built from a host's configuration. Names follow the upstream
/// variables where they exist; network lists are split by family for iptables and ip6tables.
///
/// Keys: `host`, the switches `docker_preserve`, `swarm_enabled`, `swarm_overlay_encryption`,
/// `icmp_enabled` and `ipv6_enabled` (1 or 0, as the firewall script's shell variables hold
/// them; `{% if %}` reads 0 as off), `ssh_port`, `ssh_sources_v4`/`_v6`, `swarm_sources_v4`/`_v6`, `allow_rules`
/// and `published_rules` (each rule: `desc`, `proto`, `ports`, `multiport`, `sources_v4`,
/// `sources_v6`), `backend`, `backup_keep`, `firewall_services`, and `paths`: each manifest
/// entry's remote path by its template name with every non-alphanumeric character replaced by
/// `_` (`paths.iptables_docker_sh`).
enum TemplateContext {
    static func make(for configuration: HostConfiguration, manifest: TemplateManifest) -> [String: Any] {
        let policy = configuration.policy
        var paths: [String: String] = [:]
        for entry in manifest.files {
            paths[String(entry.template.map { $0.isLetter || $0.isNumber ? $0 : "_" })] = entry.path
        }
        return [
            "host": configuration.name,
            "docker_preserve": switchValue(policy.dockerPreserve),
            "swarm_enabled": switchValue(policy.swarmEnabled),
            "swarm_overlay_encryption": switchValue(policy.swarmOverlayEncryption),
            "icmp_enabled": switchValue(policy.icmpEnabled),
            "ipv6_enabled": switchValue(policy.ipv6),
            "ssh_port": policy.sshPort,
            "ssh_sources_v4": policy.sshSources.ipv4,
            "ssh_sources_v6": policy.sshSources.ipv6,
            "swarm_sources_v4": policy.swarmSources.ipv4,
            "swarm_sources_v6": policy.swarmSources.ipv6,
            "allow_rules": policy.allowRules.map(ruleContext),
            "published_rules": policy.publishedRules.map(ruleContext),
            "backend": policy.backend.rawValue,
            "backup_keep": policy.backupKeep,
            "firewall_services": policy.firewallServices,
            "paths": paths,
        ]
    }

    /// A switch as the templates see it: 1 on, 0 off.
    private static func switchValue(_ on: Bool) -> Int { on ? 1 : 0 }

    private static func ruleContext(_ rule: FirewallPolicy.Rule) -> [String: Any] {
        [
            "desc": rule.description,
            "proto": rule.proto.rawValue,
            "ports": rule.ports.description,
            "multiport": rule.ports.needsMultiport,
            "sources_v4": rule.sources.ipv4,
            "sources_v6": rule.sources.ipv6,
        ]
    }
}
