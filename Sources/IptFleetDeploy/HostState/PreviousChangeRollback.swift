/// `iptfleet rollback` on one host: puts back the files, unit state and rules from before the
/// host's last confirmed change, with the `revert.sh` that change recorded (`HostScripts.rollback`
/// marks it armed again, runs it, and checks that the change ended in `reverted/`).
enum PreviousChangeRollback {
    static func run(facts: HostFacts, layout: InstallLayout, check: Bool, on channel: any HostChannel) throws -> HostOutcome {
        guard let previous = facts.previousChange else {
            return HostOutcome(.failed, reason: "nothing to roll back: no confirmed change is recorded in \(layout.state.previous)")
        }
        let changes = ["put back the files, unit state and rules from before change \(previous)"]
        if check { return HostOutcome(.changed, changes: changes) }
        let answer = try channel.run(HostScripts.rollback.with([previous, layout.state.previous, layout.state.reverted]))
        guard answer.succeeded else { return HostOutcome(.failed, changes: changes, reason: "the rollback failed: \(answer.failureSummary)") }
        return HostOutcome(.changed, changes: changes)
    }
}
