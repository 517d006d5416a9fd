import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` spread over every core with Dispatch's `concurrentPerform`, in input order. For
    /// work that is large enough to pay for it (thousands of hosts, hundreds of vars files).
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let results = Mutex<[Result?]>(Array<Result?>(repeating: nil, count: count))
        let chunkSize = Swift.max(1, count / 16)
        let chunks = (count + chunkSize - 1) / chunkSize
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = chunk * chunkSize..<Swift.min(count, (chunk + 1) * chunkSize)
            let values = range.map { transform(self[$0]) }
            results.withLock { stored in
                for (offset, value) in zip(range, values) { stored[offset] = value }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
