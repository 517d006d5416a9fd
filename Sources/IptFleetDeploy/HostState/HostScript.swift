import IptFleetSSH

/// A host-side shell script of commit-confirm: a fixed body, and the parameters it reads as
/// shell variables. What varies (paths, a change's id) goes in through a preamble of quoted
/// assignments, never into the body, so the body is the same text that the tests shellcheck.
public struct HostScript: Sendable {
    /// What the script is called in messages and tests (`revert.sh`, `disarm`, ...).
    public let name: String
    /// The shell variables the body reads and the preamble sets, in order.
    public let parameters: [String]
    public let body: String

    /// The script with `values` (one per parameter, in order) set in its preamble.
    public func with(_ values: [String]) -> String {
        precondition(values.count == parameters.count, "\(name) takes \(parameters.joined(separator: ", "))")
        return zip(parameters, values).map { "\($0)=\($1.shellQuoted)\n" }.joined() + body
    }
}
