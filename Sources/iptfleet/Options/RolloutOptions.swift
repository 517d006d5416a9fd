import ArgumentParser
import IptFleetDeploy

/// How the hosts are taken in batches, as Ansible's `serial` and `max_fail_percentage`.
struct RolloutOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Batch sizes: N hosts, N% of the selection, or a list such as 1,5,25% (the last size repeats). Default: all hosts in one batch.", valueName: "sizes"))
    var serial: String?

    @Option(name: .customLong("max-fail-percentage"), help: ArgumentHelp("Stop after a batch in which more than this percentage of hosts failed (default: stop only when a whole batch failed).", valueName: "percent"))
    var maxFailPercentage: Int?

    func validate() throws {
        if let maxFailPercentage, !(0...100).contains(maxFailPercentage) {
            throw ValidationError("--max-fail-percentage must be between 0 and 100")
        }
        _ = try plan
    }

    var plan: RolloutPlan {
        get throws {
            guard let serial else { return RolloutPlan(maxFailPercentage: maxFailPercentage) }
            do {
                return try RolloutPlan(serial: serial, maxFailPercentage: maxFailPercentage)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}
