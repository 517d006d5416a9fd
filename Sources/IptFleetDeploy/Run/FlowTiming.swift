/// The waits of the per-host flow. The defaults are what real hosts need; the unit tests shorten
/// them to run every branch in milliseconds.
public struct FlowTiming: Sendable {
    /// How long a changed swarm manager settles before its swarm's health is judged: a manager
    /// cut off by its new rules still looks healthy for a few seconds (Docker marks a node down
    /// after missed heartbeats, and raft elects a new leader after ~10 s).
    public var managerSettle: Duration = .seconds(20)
    /// How long to wait for the other managers to be healthy, and how often to look.
    public var managerHealthWait: Duration = .seconds(60)
    public var managerHealthPoll: Duration = .seconds(2)
    /// Confirmation attempts start at most this often (a refused connection comes back at once).
    public var confirmRetryPause: Duration = .seconds(1)
    /// Attempts stop this long before the host's timer fires: one that races the timer loses
    /// cleanly anyway (the host's `mv armed` decides), but need not try.
    public var confirmMargin: Duration = .seconds(1)
    /// After the timer fired, the host is asked again once this much later…
    public var afterTimer: Duration = .seconds(2)
    /// …and given at least this long (or the confirm timeout, if longer) to answer.
    public var minimumGiveUp: Duration = .seconds(30)

    public init() {}
}
