import ArgumentParser
import Foundation
import IptFleetCore
import IptFleetDeploy

/// What the host-contacting commands share: validate and render everything, run on the hosts
/// with a live line per host, print the recap (or JSON), and exit as ansible-playbook does.
struct FleetRun {
    let fleet: FleetOptions
    let connection: ConnectionOptions
    let templates: String?

    func execute(_ operation: HostOperation, options: RunOptions = RunOptions(), rollout: RolloutPlan = RolloutPlan()) throws {
        let loaded = try fleet.loadFleet()
        let directory = templates ?? ResourceLocator.directory(named: "Templates", environmentVariable: "IPTFLEET_TEMPLATES")
        let targets: [HostTarget]
        do {
            targets = try HostTargetBuilder.targets(for: loaded, templatesDirectory: directory, connection: connection.defaults)
        } catch {
            Console.error("\(error)")
            Console.note("nothing was sent to any host.")
            throw ExitCode(1)
        }
        if operation == .deploy { try refuseLockouts(targets, force: options.force) }
        let printer = ResultPrinter(verbose: connection.verbose, operation: operation)
        let live = !connection.json
        let runner = FleetRunner(runner: HostRunner(operation: operation, options: options), forks: connection.forks, rollout: rollout)
        let results = runner.run(targets) { result in
            if live { printer.printLine(result) }
        }
        let summary = RunSummary(results: results)
        if connection.json {
            Console.output(try JSONReport.make(summary))
        } else {
            if options.diff { for result in results where !(result.diff ?? "").isEmpty { Console.output(result.diff ?? "") } }
            Console.output("")
            Console.output(summary.recap)
        }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }

    /// The pre-flight lock-out check: before any connection, every host's policy must admit
    /// the SSH connection this machine would make to it. `--force` goes on, loudly.
    private func refuseLockouts(_ targets: [HostTarget], force: Bool) throws {
        let refusals = targets.compactMap { target in LockoutCheck.beforeConnecting(target).map { (target.name, $0) } }
        guard !refusals.isEmpty else { return }
        for (host, reason) in refusals {
            if force {
                Console.warning("--force: \(host): \(reason); going on, the host's rollback timer is the only safety left")
            } else {
                Console.error("\(host): \(reason) (--force overrides)")
            }
        }
        guard force else {
            Console.note("refused: nothing was sent to any host.")
            throw ExitCode(1)
        }
    }
}
