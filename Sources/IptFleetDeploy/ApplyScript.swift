import Foundation
import IptFleetCore
import IptFleetSSH

/// The shell script that carries out a `HostPlan` in one command. For an install it brings the
/// new files with it (base64, checked by sha256), validates the new ruleset with the new script's
/// `check` before anything changes, arms the rollback when the rules change (`ChangeArming`),
/// then swaps the files in and restarts the unit.
public enum ApplyScript {
    /// A change to be confirmed: its id and the seconds after which the host undoes it.
    public struct Confirmation: Sendable, Equatable {
        public let id: String
        public let timeoutSeconds: Int

        public init(id: String, timeoutSeconds: Int) {
            self.id = id
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// The script for `plan`; `confirmation` arms the rollback before an install switches rules.
    public static func make(_ plan: HostPlan, layout: InstallLayout, confirmation: Confirmation? = nil) -> String {
        var lines = [
            "set -u",
            "export LC_ALL=C",
            "fail() { echo \"iptfleet: $*\" >&2; exit 1; }",
            "state=\(layout.stateDirectory.shellQuoted)",
        ]
        switch plan.action {
        case .install: lines += install(plan, layout: layout, confirmation: confirmation)
        case .uninstall: lines += uninstall(plan, layout: layout)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func install(_ plan: HostPlan, layout: InstallLayout, confirmation: Confirmation?) -> [String] {
        var lines = [
            "mkdir -p \"$state\" && chmod 700 \"$state\" || fail \"cannot create $state\"",
            "staged=''",
            "cleanup() { for f in $staged; do rm -f \"$f\"; done; }",
        ]
        for file in plan.files {
            let staged = (file.path + ".iptfleet-new").shellQuoted
            let token = "IPTFLEET_" + file.sha256.prefix(16).uppercased()
            lines += [
                "staged=\"$staged \"\(staged)",
                "mkdir -p \((file.path as NSString).deletingLastPathComponent.shellQuoted) || { cleanup; fail \"cannot create the directory of \(file.path)\"; }",
                "base64 -d > \(staged) <<'\(token)' || { cleanup; fail \"cannot write \(file.path)\"; }",
                Data(file.content.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]),
                token,
                "[ \"$(sha256sum < \(staged) | cut -c1-64)\" = \(file.sha256) ] || { cleanup; fail \"\(file.path) arrived damaged\"; }",
                "chown \(file.owner):\(file.group) \(staged) && chmod \(String(file.mode, radix: 8)) \(staged) || { cleanup; fail \"cannot set owner and mode of \(file.path)\"; }",
            ]
        }
        if plan.files.contains(where: { $0.path == layout.scriptPath }) {
            let staged = (layout.scriptPath + ".iptfleet-new").shellQuoted
            lines += [
                "# Nothing has changed yet: the new script must accept its own ruleset first.",
                "if ! out=$(sh \(staged) check 2>&1); then cleanup; fail \"the new ruleset was rejected, nothing changed: $out\"; fi",
            ]
        }
        if let confirmation {
            lines += ChangeArming.armLines(plan, layout: layout, id: confirmation.id, timeoutSeconds: confirmation.timeoutSeconds)
        }
        lines += [
            "if [ ! -f \"$state/firewall-services\" ]; then",
            "  : > \"$state/firewall-services\"",
        ]
        // Remember which firewall services were on before the first install, for uninstall.
        for service in plan.services {
            lines.append("  systemctl is-enabled --quiet \(service.shellQuoted) 2>/dev/null && echo \(service.shellQuoted) >> \"$state/firewall-services\"")
        }
        lines.append("fi")
        for service in plan.services {
            lines.append("systemctl disable --now \(service.shellQuoted) >/dev/null 2>&1 || { cleanup; fail \"cannot stop and disable \(service)\"; }")
        }
        for file in plan.files {
            lines.append("mv -f \((file.path + ".iptfleet-new").shellQuoted) \(file.path.shellQuoted) || fail \"cannot install \(file.path)\"")
        }
        if plan.unitFileChanged { lines.append("systemctl daemon-reload || fail 'systemctl daemon-reload failed'") }
        let unit = layout.unitName.shellQuoted
        // `enable` would reload systemd's configuration once more (~0.15 s of PID 1's time): the
        // reload above, if any, is enough; the symlink it adds matters from the next boot on.
        if plan.enableUnit { lines.append("systemctl enable --quiet --no-reload \(unit) || fail 'cannot enable \(layout.unitName)'") }
        if plan.restartUnit {
            lines.append("if ! systemctl restart \(unit); then fail \"\(layout.unitName) failed to start: $(journalctl -u \(unit) -n 5 --no-pager -o cat 2>/dev/null | tr '\\n' ' ')\"; fi")
        }
        return lines
    }

    private static func uninstall(_ plan: HostPlan, layout: InstallLayout) -> [String] {
        let unit = layout.unitName.shellQuoted
        let script = layout.scriptPath.shellQuoted
        // Stopping the unit runs the script's `stop`: everything open, Docker's rules kept. When
        // the unit is not running, the script is asked directly, so no DROP policy is left behind.
        var lines = [
            "if systemctl is-active --quiet \(unit); then",
            "  systemctl disable --now --quiet \(unit) || fail 'cannot stop and disable \(layout.unitName)'",
            "else",
            "  systemctl disable --quiet \(unit) 2>/dev/null",
            "  if [ -f \(script) ]; then sh \(script) stop >/dev/null || fail 'the firewall script could not open the firewall'; fi",
            "fi",
        ]
        for file in plan.files {
            lines.append("rm -f \(file.path.shellQuoted) || fail 'cannot remove \(file.path)'")
        }
        if plan.unitFileChanged { lines.append("systemctl daemon-reload || fail 'systemctl daemon-reload failed'") }
        for service in plan.services {
            lines.append("systemctl enable --now \(service.shellQuoted) >/dev/null 2>&1 || echo \"iptfleet: could not re-enable \(service)\" >&2")
        }
        lines.append("rm -f \"$state/firewall-services\"")
        // There is nothing left that `iptfleet rollback` could put back.
        lines.append("rm -rf \(layout.previousDirectory.shellQuoted) \(ChangeArming.bootGuardPath) \(ChangeArming.bootGuardLink)")
        return lines
    }
}
