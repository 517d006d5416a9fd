import Foundation
import IptFleetCore
import IptFleetSSH

/// The shell script that carries out a `HostPlan` in one command. For an install it brings the
/// new files with it (base64, checked by sha256), validates the new ruleset with the new script's
/// `check` before anything changes, arms the rollback when the rules change (`ChangeArming`),
/// then swaps the files in and restarts the unit.
public enum ApplyScript {
    /// The script for `plan`; `confirmation` arms the rollback before an install switches rules.
    public static func make(_ plan: HostPlan, layout: InstallLayout, confirmation: CommitConfirm.Change? = nil) -> String {
        var lines = [
            "set -u",
            "export LC_ALL=C",
            "fail() { echo \"iptfleet: $*\" >&2; exit 1; }",
        ]
        switch plan.action {
        case .install: lines += install(plan, layout: layout, confirmation: confirmation)
        case .uninstall: lines += uninstall(plan, layout: layout)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func install(_ plan: HostPlan, layout: InstallLayout, confirmation: CommitConfirm.Change?) -> [String] {
        var lines = [
            "state=\(layout.state.root.shellQuoted)",
            "mkdir -p \"$state\" && chmod 700 \"$state\" || fail \"cannot create $state\"",
            "staged=''",
            "cleanup() { for f in $staged; do rm -f \"$f\"; done; }",
        ]
        lines += stage(plan.files)
        if let script = plan.files.first(where: { $0.path == layout.scriptPath }) {
            let staged = Self.staged(script).shellQuoted
            lines += [
                "# Nothing has changed yet: the new script must accept its own ruleset first.",
                "if ! out=$(sh \(staged) check 2>&1); then cleanup; fail \"the new ruleset was rejected, nothing changed: $out\"; fi",
            ]
        }
        if let confirmation {
            lines.append(ChangeArming.script(plan, layout: layout, change: confirmation))
        }
        // Remember which firewall services were on before the first install, for uninstall.
        let remembered = plan.enabledServices.isEmpty ? ":" : "printf '%s\\n' " + plan.enabledServices.map(\.shellQuoted).joined(separator: " ")
        let firewallServices = layout.state.firewallServices.shellQuoted
        lines.append("[ -f \(firewallServices) ] || \(remembered) > \(firewallServices)")
        for service in plan.services {
            lines.append("systemctl disable --now -- \(service.shellQuoted) >/dev/null 2>&1 || { cleanup; fail \"cannot stop and disable \(service)\"; }")
        }
        for file in plan.files {
            lines.append("mv -f \(Self.staged(file).shellQuoted) \(file.path.shellQuoted) || fail \"cannot install \(file.path)\"")
        }
        let unit = layout.unitName.shellQuoted
        // Enabled before systemd looks at the unit again, so that what it caches of the unit's
        // enablement is already true; the symlink itself matters from the next boot on.
        if plan.enableUnit { lines.append("systemctl enable --quiet --no-reload -- \(unit) || fail 'cannot enable \(layout.unitName)'") }
        lines += reloadIfNeeded(plan, layout: layout)
        if plan.restartUnit {
            lines.append("if ! systemctl restart \(unit); then fail \"\(layout.unitName) failed to start: $(journalctl -u \(unit) -n 5 --no-pager -o cat 2>/dev/null | tr '\\n' ' ')\"; fi")
        }
        return lines
    }

    /// Writes `files` next to their final paths (`staged`), checks their sha256 and sets owner
    /// and mode: one process per step for all files, not one per file (each costs the host ~1 ms).
    private static func stage(_ files: [RenderedFile]) -> [String] {
        guard !files.isEmpty else { return [] }
        let directories = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).sorted()
        var lines = ["mkdir -p \(directories.map(\.shellQuoted).joined(separator: " ")) || fail 'cannot create the directories of the files'"]
        for file in files {
            let staged = Self.staged(file).shellQuoted
            lines.append("staged=\"$staged \"\(staged)")
            lines += RemoteFile.heredoc(file, into: staged, onFailure: "{ cleanup; fail \"cannot write \(file.path)\"; }")
        }
        lines += [
            "sha256sum -c --quiet >/dev/null 2>&1 <<'IPTFLEET_SHA256' || { cleanup; fail 'a file arrived damaged (sha256 differs)'; }",
        ] + files.map { "\($0.sha256)  \(Self.staged($0))" } + ["IPTFLEET_SHA256"]
        for (owner, owned) in Dictionary(grouping: files, by: { "\($0.owner):\($0.group)" }).sorted(by: { $0.key < $1.key }) {
            lines.append("chown \(owner) \(owned.map { Self.staged($0).shellQuoted }.joined(separator: " ")) || { cleanup; fail 'cannot set the owner of the files'; }")
        }
        for (mode, moded) in Dictionary(grouping: files, by: { String($0.mode, radix: 8) }).sorted(by: { $0.key < $1.key }) {
            lines.append("chmod \(mode) \(moded.map { Self.staged($0).shellQuoted }.joined(separator: " ")) || { cleanup; fail 'cannot set the mode of the files'; }")
        }
        return lines
    }

    /// `daemon-reload` costs PID 1 about 0.15 s of CPU on a small host, so it runs only when it
    /// is needed: when systemd says a loaded unit's files changed on disk, when the firewall unit
    /// is not loaded (systemd reads a unit file it did not know when the unit is first asked for,
    /// as here; the firewall unit is asked first, so its block opens the answer), or when a unit
    /// systemd had loaded was enabled (it keeps reporting the old enablement until a reload).
    private static func reloadIfNeeded(_ plan: HostPlan, layout: InstallLayout) -> [String] {
        let reload = "systemctl daemon-reload || fail 'systemctl daemon-reload failed'"
        if plan.enableUnit && plan.unitBefore.exists { return [reload] }
        guard plan.unitFileChanged else { return [] }
        let units = ([layout.unitName] + plan.unitsOfChangedFiles.filter { $0 != layout.unitName }).map(\.shellQuoted).joined(separator: " ")
        return [
            "case \"$(systemctl show -p LoadState,NeedDaemonReload -- \(units) 2>/dev/null)\" in",
            "  *NeedDaemonReload=yes*) \(reload) ;;",
            "  LoadState=loaded*) ;;",
            "  *) \(reload) ;;",
            "esac",
        ]
    }

    /// Where a file is written before it is moved into place.
    private static func staged(_ file: RenderedFile) -> String { file.path + ".iptfleet-new" }

    private static func uninstall(_ plan: HostPlan, layout: InstallLayout) -> [String] {
        let unit = layout.unitName.shellQuoted
        let script = layout.scriptPath.shellQuoted
        // Stopping the unit runs the script's `stop`: everything open, Docker's rules kept. When
        // the unit is not running, the script is asked directly, so no DROP policy is left behind.
        var lines = [
            "if systemctl is-active --quiet \(unit); then",
            "  systemctl disable --now --quiet -- \(unit) || fail 'cannot stop and disable \(layout.unitName)'",
            "else",
            "  systemctl disable --quiet -- \(unit) 2>/dev/null",
            "  if [ -f \(script) ]; then sh \(script) stop >/dev/null || fail 'the firewall script could not open the firewall'; fi",
            "fi",
        ]
        for file in plan.files {
            lines.append("rm -f \(file.path.shellQuoted) || fail 'cannot remove \(file.path)'")
        }
        if plan.unitFileChanged { lines.append("systemctl daemon-reload || fail 'systemctl daemon-reload failed'") }
        for service in plan.services {
            lines.append("systemctl enable --now -- \(service.shellQuoted) >/dev/null 2>&1 || echo \"iptfleet: could not re-enable \(service)\" >&2")
        }
        lines.append("rm -f \(layout.state.firewallServices.shellQuoted)")
        // There is nothing left that `iptfleet rollback` could put back.
        lines.append("rm -rf \(layout.state.previous.shellQuoted) \(layout.state.bootGuardPath.shellQuoted) \(layout.state.bootGuardLink.shellQuoted)")
        return lines
    }
}
