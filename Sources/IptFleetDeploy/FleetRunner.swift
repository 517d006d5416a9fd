import IptFleetSSH

/// Runs an operation on many hosts at once, on at most `forks` dedicated threads. A host that
/// fails or cannot be reached never stops the others; each result is reported as it finishes.
public struct FleetRunner: Sendable {
    public let runner: HostRunner
    public let forks: Int

    public init(runner: HostRunner, forks: Int) {
        self.runner = runner
        self.forks = max(1, forks)
    }

    /// Results in the order of `targets`; `progress` is called (on a worker thread) per host.
    public func run(_ targets: [HostTarget], progress: @escaping @Sendable (HostResult) -> Void = { _ in }) -> [HostResult] {
        let runner = runner
        return runOnThreads(count: min(forks, max(1, targets.count)), items: targets) { target in
            let result = runner.run(target)
            progress(result)
            return result
        }
    }
}
