import ArgumentParser
import Foundation
import IptFleetCore
import IptFleetDeploy
import Logging

/// What the host-contacting commands share: set up logging, validate and render everything, run
/// on the hosts with a live line per host, print the recap (or JSON), record the run in the
/// history, and exit as ansible-playbook does.
struct FleetRun {
    let fleetOptions: FleetOptions
    let connection: ConnectionOptions
    /// nil for the commands that take no `--templates` (the shipped Templates are rendered).
    let templates: TemplateOptions?

    func execute(_ operation: HostOperation, options: RunOptions = RunOptions(), rollout: RolloutPlan = RolloutPlan()) throws {
        do {
            IptFleetLogHandler.bootstrap(level: connection.logLevel, destination: try LogDestination(logFile: connection.logFile))
        } catch {
            throw InputError("\(error)")
        }
        let logger = Logger(label: "iptfleet")
        let started = Date()
        let ansible = try FleetOptions.loadAnsibleConfig()
        let fleet = try fleetOptions.loadFleet(ansibleConfig: ansible)
        for note in fleet.loaded.notes { logger.info("\(note)") }
        let directory = templates?.directory ?? TemplateOptions.directory()
        logger.debug("templates from \(directory), \(fleet.configurations.count) host(s) selected")
        let resolver = try connection.resolver(ansible)
        let targets: [HostTarget]
        do {
            let built = try HostTargetBuilder.targets(for: fleet, templatesDirectory: directory, connection: resolver)
            for warning in built.warnings { Console.warning(warning) }
            targets = built.targets
        } catch {
            throw InputError("\(error)", note: InputError.nothingSent)
        }
        do throws(LockoutCheck.LockedOut) {
            for warning in try LockoutCheck.preflight(targets, operation: operation, force: options.force) { Console.warning(warning) }
        } catch {
            throw InputError(error.lines, note: "refused: " + InputError.nothingSent)
        }
        let printer = ResultPrinter(verbose: connection.verbose > 0, operation: operation)
        let live = !connection.json
        let hostRunner = HostRunner(operation: operation, options: options, logger: Logger(label: "iptfleet.deploy"))
        let runner = FleetRunner(runner: hostRunner, forks: connection.forkCount(ansible), rollout: rollout)
        let results = runner.run(targets) { result in
            if live { printer.printLine(result) }
        }
        let summary = RunSummary(results: results)
        record(operation, options: options, started: started, summary: summary, logger: logger)
        if connection.json {
            Console.output(try JSONReport.make(summary))
        } else {
            if options.diff { for result in results where !(result.diff ?? "").isEmpty { Console.output(result.diff ?? "") } }
            Console.output("")
            Console.output(summary.recap)
        }
        if !summary.failures.isEmpty { throw ExitCode(summary.failures) }
    }

    /// Writes the run's record to the history; a failure to do so is a warning, not a failed run.
    private func record(_ operation: HostOperation, options: RunOptions, started: Date, summary: RunSummary, logger: Logger) {
        let record = RunRecord(operation: operation, started: started, finished: Date(), version: Version.current,
                               arguments: CommandLine.arguments, workingDirectory: FileManager.default.currentDirectoryPath,
                               inventory: fleetOptions.inventory, check: options.check, summary: summary)
        do {
            let path = try RunHistory.forCurrentUser().save(record)
            logger.info("run recorded in \(path)")
        } catch {
            logger.warning("could not record the run in the history: \(error)")
        }
    }
}
