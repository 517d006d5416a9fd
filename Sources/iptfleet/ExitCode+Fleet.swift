import ArgumentParser
import IptFleetDeploy

/// iptfleet's exit statuses, as ansible-playbook's, in one place: 0 success, 1 bad input or a
/// refused policy (nothing was sent to any host), 2 some host failed or rolled back, 4 some
/// host unreachable, 6 both (the bits of `RunFailures`).
extension ExitCode {
    /// Bad input or a refused policy, found before any host was contacted (`InputError`).
    static let badInput = ExitCode(1)
    /// Some host failed or rolled back.
    static let hostFailed = ExitCode(RunFailures.hostFailed.rawValue)
    /// Some host was unreachable.
    static let unreachable = ExitCode(RunFailures.unreachable.rawValue)
    /// Some host failed and some host was unreachable.
    static let hostFailedAndUnreachable = ExitCode(RunFailures([.hostFailed, .unreachable]).rawValue)

    /// The status a run that contacted hosts ends with.
    init(_ failures: RunFailures) {
        self.init(failures.rawValue)
    }
}
