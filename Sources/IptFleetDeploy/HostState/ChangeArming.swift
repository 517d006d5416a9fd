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
enum ChangeArming {
    /// The apply script's part that arms `change` of `plan`: the fixed `HostScripts.arm` with
    /// this plan's files, services and unit state. It runs after the new files are staged and
    /// checked, before anything changes.
    static func script(_ plan: HostPlan, layout: InstallLayout, change: CommitConfirm.Change) -> String {
        let state = layout.state
        return HostScripts.arm.with([
            change.id, state.pending, state.lock, state.firewallServices,
            layout.unitName, plan.unitBefore.recorded.enabled, plan.unitBefore.recorded.active,
            plan.files.map(\.path).joined(separator: "\n"), plan.services.joined(separator: "\n"),
            String(change.timeoutSeconds), state.timerUnit(id: change.id), state.bootGuardPath, state.bootGuardLink,
        ])
    }
}
