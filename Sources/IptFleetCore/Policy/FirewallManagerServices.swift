/// The services `firewall_services` may name: firewall managers, whose rules would fight
/// iptfleet's. iptfleet stops and disables them on install and re-enables them on uninstall;
/// any other unit (sshd, docker, networking…) is refused, because stopping it could cut the host
/// off in ways no firewall rule explains.
public enum FirewallManagerServices {
    /// The accepted names, without `.service`: ufw, firewalld, nftables, iptables-persistent's
    /// `netfilter-persistent`, RHEL's iptables-services, Shorewall, ferm, FireHOL, Arno's firewall,
    /// CSF/LFD and APF.
    public static let known: Set<String> = [
        "ufw", "firewalld", "nftables", "netfilter-persistent", "iptables-persistent",
        "iptables", "ip6tables", "ebtables", "arptables",
        "shorewall", "shorewall6", "shorewall-lite", "shorewall6-lite", "shorewall-init",
        "ferm", "firehol", "arno-iptables-firewall", "csf", "lfd", "apf", "SuSEfirewall2",
    ]

    /// Whether `name` (`ufw` or `ufw.service`) is a firewall manager.
    public static func isKnown(_ name: String) -> Bool {
        known.contains(name.hasSuffix(".service") ? String(name.dropLast(".service".count)) : name)
    }
}
