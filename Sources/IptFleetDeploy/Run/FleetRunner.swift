import IptFleetSSH

/// Runs an operation on many hosts, batch after batch (`RolloutPlan`), each batch on at most
/// `forks` dedicated threads. A host that fails or cannot be reached never stops the others of
/// its batch; a batch with too many failures stops the run, and the hosts of the batches not
/// started are reported `skipped`.
public struct FleetRunner: Sendable {
    public let runner: HostRunner
    public let forks: Int
    public let rollout: RolloutPlan

    public init(runner: HostRunner, forks: Int, rollout: RolloutPlan = RolloutPlan()) {
        self.runner = runner
        self.forks = max(1, forks)
        self.rollout = rollout
    }

    /// Results in the order of `targets`; `progress` is called (on a worker thread) per host.
    public func run(_ targets: [HostTarget], progress: @escaping @Sendable (HostResult) -> Void = { _ in }) -> [HostResult] {
        let runner = runner
        let batches = rollout.batches(count: targets.count)
        var results: [HostResult] = []
        for (number, batch) in batches.enumerated() {
            let hosts = Array(targets[batch])
            let done = runOnThreads(count: min(forks, hosts.count), items: hosts) { target in
                let result = runner.run(target)
                progress(result)
                return result
            }
            results += done
            let failures = done.filter(\.status.isFailure).count
            if let why = rollout.stopReason(failures: failures, size: hosts.count), number + 1 < batches.count {
                let reason = "not started: the run stopped after batch \(number + 1) of \(batches.count) (\(why))"
                for target in targets[batch.upperBound...] {
                    let skipped = HostResult(host: target.name, status: .skipped, reason: reason)
                    progress(skipped)
                    results.append(skipped)
                }
                break
            }
        }
        return results
    }
}
