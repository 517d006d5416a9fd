/// An absolute point in time by which an operation must have finished.
///
/// Every libssh2 call runs in non-blocking mode and waits in `poll(2)` only for the time
/// that is left until the deadline, so a silent peer can never stall a session for longer.
struct Deadline {
    /// The time budget this deadline was made from (for error messages).
    let budget: Duration
    private let end: ContinuousClock.Instant

    init(after budget: Duration) {
        self.budget = budget
        self.end = .now + budget
    }

    var hasPassed: Bool { ContinuousClock.now >= end }

    /// The time left, rounded up to whole milliseconds for `poll(2)`; 0 once the deadline has passed.
    var remainingMilliseconds: Int32 {
        let left = end - ContinuousClock.now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}

extension Duration {
    /// The duration in seconds, for human-readable messages ("after 2.5 s").
    var secondsDescription: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int64(value)) s" : String(format: "%.1f s", value)
    }
}
