/// How a run is cut into batches, as Ansible's `serial` and `max_fail_percentage` do it:
/// `--serial 1,5,25%` runs one host, then five, then a quarter of the fleet at a time; a batch
/// whose failures (failed, unreachable or rolled back) exceed the percentage stops the run.
public struct RolloutPlan: Sendable, Equatable {
    /// One batch size: a number of hosts or a percentage of the whole selection.
    public enum Size: Sendable, Equatable {
        case hosts(Int)
        case percent(Int)
    }

    /// Why a `--serial` value is not valid.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Batch sizes; the last one repeats. Empty means all hosts in one batch.
    public let sizes: [Size]
    /// Stop after a batch in which more than this percentage of hosts failed; nil means stop
    /// only when every host of a batch failed (Ansible's default).
    public let maxFailPercentage: Int?

    public init(sizes: [Size] = [], maxFailPercentage: Int? = nil) {
        self.sizes = sizes
        self.maxFailPercentage = maxFailPercentage
    }

    /// Parses `--serial`: `N`, `N%`, or a comma-separated list of those.
    public init(serial: String, maxFailPercentage: Int?) throws(Invalid) {
        var sizes: [Size] = []
        for part in serial.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            let isPercent = text.hasSuffix("%")
            let digits = isPercent ? String(text.dropLast()) : text
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits), number >= 1, !isPercent || number <= 100 else {
                throw Invalid(description: "--serial '\(serial)': '\(text)' is not a host count (1 or more) or a percentage (1% to 100%)")
            }
            sizes.append(isPercent ? .percent(number) : .hosts(number))
        }
        self.init(sizes: sizes, maxFailPercentage: maxFailPercentage)
    }

    /// The batches for `count` hosts, as index ranges into the selection.
    public func batches(count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        guard !sizes.isEmpty else { return [0..<count] }
        var batches: [Range<Int>] = []
        var start = 0
        var index = 0
        while start < count {
            let size: Int
            switch sizes[min(index, sizes.count - 1)] {
            case .hosts(let hosts): size = hosts
            case .percent(let percent): size = max(1, count * percent / 100)
            }
            let end = min(count, start + size)
            batches.append(start..<end)
            start = end
            index += 1
        }
        return batches
    }

    /// Why the run stops after a batch with `failures` of `size` hosts failed; nil to go on.
    public func stopReason(failures: Int, size: Int) -> String? {
        guard failures > 0, size > 0 else { return nil }
        if let limit = maxFailPercentage {
            guard failures * 100 > limit * size else { return nil }
            return "\(failures) of \(size) host(s) failed, more than --max-fail-percentage \(limit)"
        }
        guard failures == size else { return nil }
        return "every host of the batch failed"
    }
}
