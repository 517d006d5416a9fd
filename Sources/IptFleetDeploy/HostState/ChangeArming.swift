import IptFleetSSH

/// The host side of commit-confirm (Docs/design.md, safety model): before an install switches rules, the apply
/// script records what the host has now — the `filter` tables of every iptables backend in use,
/// the files about to be replaced, the unit's state and the firewall services about to be
/// stopped — in the pending directory, writes `revert.sh` there, and arms a transient systemd
/// timer that runs it after the confirm timeout. Only a confirmation (`CommitConfirm`: over a new
/// SSH connection, or the operator's yes on a `local` host) disarms it; otherwise the host puts
/// everything back by itself.
///
/// Whoever renames `armed` first wins: `revert.sh` (to `reverting`) or the confirmation (to
/// `confirmed`), so the two can never both act.
public enum ChangeArming {
    /// The transient systemd unit (timer and service) of change `id`.
    public static func timerUnit(id: String) -> String { "iptfleet-confirm-\(id)" }

    /// Shell lines for the apply script: record the current state and arm the timer. They run
    /// after the new files are staged and checked, before anything changes.
    static func armLines(_ plan: HostPlan, layout: InstallLayout, id: String, timeoutSeconds: Int) -> [String] {
        let pending = layout.state.pending.shellQuoted
        var lines = [
            "pending=\(pending)",
            // Held until this script ends: no undo or confirmation runs while a change is armed.
            "command -v flock >/dev/null 2>&1 || { cleanup; fail 'flock (util-linux) is missing: iptfleet needs it to keep a change and its undo apart'; }",
            "exec 9>>\(layout.state.lock.shellQuoted) && flock -n 9 || { cleanup; fail 'another change is being armed, confirmed or undone on this host right now; try again in a minute'; }",
            "if [ -e \"$pending/reverting\" ]; then cleanup; fail \"change $(cat \"$pending/id\" 2>/dev/null) is being undone right now; try again in a minute\"; fi",
            "if [ -e \"$pending/armed\" ]; then cleanup; fail \"an earlier change ($(cat \"$pending/id\" 2>/dev/null)) is still waiting for its confirmation or its rollback; try again when its timer has fired\"; fi",
            "rm -rf \"$pending\" && mkdir -p \"$pending/files\" \"$pending/rules\" || { cleanup; fail \"cannot create $pending\"; }",
            "echo \(id) > \"$pending/id\"",
            "echo \(layout.unitName.shellQuoted) > \"$pending/unit-name\"",
            // As the probe found them a moment ago (asking systemctl again costs ~8 ms each).
            "echo \(plan.unitBefore.recorded.enabled.shellQuoted) > \"$pending/unit-enabled\"",
            "echo \(plan.unitBefore.recorded.active.shellQuoted) > \"$pending/unit-active\"",
            "[ -f \"$state/firewall-services\" ] || : > \"$pending/created-firewall-services\"",
            ": > \"$pending/files.list\"",
        ]
        for (index, file) in plan.files.enumerated() {
            let path = file.path.shellQuoted
            lines.append("if [ -f \(path) ]; then cp -p \(path) \"$pending/files/\(index)\" && echo \"\(index) present \"\(path) >> \"$pending/files.list\" || { cleanup; fail \"cannot keep a copy of \(file.path)\"; }; else echo \"\(index) absent \"\(path) >> \"$pending/files.list\"; fi")
        }
        lines.append(": > \"$pending/services\"")
        for service in plan.services {
            lines.append("echo \(service.shellQuoted) >> \"$pending/services\"")
        }
        lines += [
            "for family in iptables ip6tables; do",
            "  for mode in nft legacy; do",
            "    command -v \"$family-$mode-save\" >/dev/null 2>&1 || continue",
            "    if [ $mode = legacy ]; then",
            "      names=/proc/net/ip_tables_names; [ $family = ip6tables ] && names=/proc/net/ip6_tables_names",
            "      grep -qx filter \"$names\" 2>/dev/null || continue",
            "    fi",
            "    \"$family-$mode-save\" -t filter > \"$pending/rules/$family-$mode\" 2>/dev/null || : > \"$pending/rules/$family-$mode\"",
            "  done",
            "done",
            "cat > \"$pending/revert.sh\" <<'IPTFLEET_REVERT' || { cleanup; fail 'cannot write the rollback script'; }",
            HostScripts.revert.body,
            "IPTFLEET_REVERT",
            "cat > \(HostStateDirectory.bootGuardPath) <<'IPTFLEET_GUARD' || { cleanup; fail 'cannot write \(HostStateDirectory.bootGuardPath)'; }",
            bootGuard(layout),
            "IPTFLEET_GUARD",
            enableBootGuard,
            "date -u +%Y-%m-%dT%H:%M:%SZ > \"$pending/armed-at\"",
            ": > \"$pending/armed\"",
            "systemd-run --quiet --unit=\(timerUnit(id: id)) --on-active=\(timeoutSeconds)s --timer-property=AccuracySec=1s --description='iptfleet: undo change \(id) unless confirmed' /bin/sh \"$pending/revert.sh\" >/dev/null 2>&1 || { rm -rf \"$pending\"; cleanup; fail 'cannot arm the rollback timer (systemd-run)'; }",
            "echo iptfleet-armed=\(id)",
            // From here on, a failure puts the previous state back at once.
            "fail() { cleanup; systemctl stop \(timerUnit(id: id)).timer >/dev/null 2>&1; IPTFLEET_LOCK_HELD=1 sh \"$pending/revert.sh\" >/dev/null 2>&1; echo \"iptfleet: $*; the previous files and rules are back\" >&2; exit 1; }",
        ]
        return lines
    }

    /// Enables the boot guard by a plain symlink (no `daemon-reload` needed).
    private static let enableBootGuard: String = {
        let (unit, link) = (HostStateDirectory.bootGuardUnit, HostStateDirectory.bootGuardLink)
        return "mkdir -p \(link.dropLast(unit.count + 1)) && ln -sf ../\(unit) \(link) || { cleanup; fail 'cannot enable \(unit)'; }"
    }()

    /// Runs `revert.sh boot` early at boot when a change is still armed: before the firewall
    /// unit starts, so the host comes up with its previous files and unit state.
    static func bootGuard(_ layout: InstallLayout) -> String {
        """
        # Installed by iptfleet: undoes a firewall change that was never confirmed because the
        # host restarted inside its confirm window. Does nothing otherwise.
        [Unit]
        Description=iptfleet: undo an unconfirmed firewall change
        DefaultDependencies=no
        After=local-fs.target
        Before=\(layout.unitName) network-pre.target
        ConditionPathExists=|\(layout.state.path(.armed, in: layout.state.pending))
        ConditionPathExists=|\(layout.state.path(.reverting, in: layout.state.pending))

        [Service]
        Type=oneshot
        ExecStart=/bin/sh \(layout.state.pending)/\(HostScripts.revert.name) boot
        """
    }
}
