import Foundation

/// Where iptfleet, which has no playbook, looks for the `group_vars/` and `host_vars/` that
/// Ansible reads beside a playbook.
public enum PlaybookDirectory {
    /// `explicit` (`--playbook-dir`); else the directory of the ansible.cfg in use when that is a
    /// project's (named by `ANSIBLE_CONFIG`; not `~/.ansible.cfg` or `/etc/ansible/ansible.cfg`);
    /// else the current directory, as ansible-inventory uses it.
    public static func resolve(explicit: String?, configPath: String?, currentDirectory: String, homeDirectory: String) -> String {
        if let explicit { return explicit }
        let shared = [currentDirectory + "/ansible.cfg", homeDirectory + "/.ansible.cfg", "/etc/ansible/ansible.cfg"]
        guard let configPath, !shared.contains(configPath) else { return "." }
        let directory = (configPath as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}
