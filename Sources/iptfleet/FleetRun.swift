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

    func execute(_ operation: HostOperation, options: RunOptions = RunOptions()) throws {
        let ansible = try FleetOptions.loadAnsibleConfig()
        let loaded = try fleet.loadFleet(ansibleConfig: ansible)
        let directory = templates ?? ResourceLocator.directory(named: "Templates", environmentVariable: "IPTFLEET_TEMPLATES")
        let resolver = try connection.resolver(ansible)
        let targets: [HostTarget]
        do {
            let built = try HostTargetBuilder.targets(for: loaded, templatesDirectory: directory, connection: resolver)
            for warning in built.warnings { Console.warning(warning) }
            targets = built.targets
        } catch {
            Console.error("\(error)")
            Console.note("nothing was sent to any host.")
            throw ExitCode(1)
        }
        let printer = ResultPrinter(verbose: connection.verbose, operation: operation)
        let live = !connection.json
        let runner = FleetRunner(runner: HostRunner(operation: operation, options: options), forks: connection.forkCount(ansible))
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
}
