/// What went wrong in a run, as the bits of ansible-playbook's exit status: 2 some host failed
/// (or rolled back), 4 some host was unreachable, 6 both; no bit, 0, all went well.
public struct RunFailures: OptionSet, Sendable, Equatable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let hostFailed = RunFailures(rawValue: 2)
    public static let unreachable = RunFailures(rawValue: 4)
}
