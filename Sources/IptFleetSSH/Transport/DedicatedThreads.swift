import Foundation

/// Runs `body` once per item on at most `count` dedicated threads and returns the results in
/// the order of `items`.
///
/// The threads are real threads, not Swift's cooperative pool: SSH sessions block in `poll(2)`,
/// and a pool with one thread per core would run only that many hosts at a time. Each call of
/// `body` runs entirely on one thread, so it can own a non-`Sendable` `SSHSession` from open to
/// close; only the `Sendable` result crosses back.
public func runOnThreads<Item: Sendable, Output: Sendable>(
    count: Int, items: [Item], body: @escaping @Sendable (Item) -> Output
) -> [Output] {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<Output>()
    DedicatedThreadsWork(items: items, body: body) { results in
        box.results = results
        done.signal()
    }.start(threads: count)
    done.wait()
    return box.results
}

/// The same as `runOnThreads(count:items:body:)`, suspending the caller instead of blocking its
/// thread while the dedicated threads work.
public func runOnThreads<Item: Sendable, Output: Sendable>(
    count: Int, items: [Item], body: @escaping @Sendable (Item) -> Output
) async -> [Output] {
    await withCheckedContinuation { continuation in
        DedicatedThreadsWork(items: items, body: body) { continuation.resume(returning: $0) }.start(threads: count)
    }
}

/// One run of the pool: hands out item indices under a lock and collects results by index.
private final class DedicatedThreadsWork<Item: Sendable, Output: Sendable>: @unchecked Sendable {
    private let items: [Item]
    private let body: @Sendable (Item) -> Output
    private let finish: @Sendable ([Output]) -> Void
    private let lock = NSLock()
    private var nextIndex = 0
    private var results: [Output?]
    private var runningThreads = 0

    init(items: [Item], body: @escaping @Sendable (Item) -> Output, finish: @escaping @Sendable ([Output]) -> Void) {
        self.items = items
        self.body = body
        self.finish = finish
        self.results = Array(repeating: nil, count: items.count)
    }

    func start(threads: Int) {
        let threadCount = min(max(threads, 1), items.count)
        guard threadCount > 0 else { return finish([]) }
        runningThreads = threadCount
        for _ in 0..<threadCount {
            Thread { self.work() }.start()
        }
    }

    private func work() {
        while let index = claim() {
            let output = body(items[index])
            lock.withLock { results[index] = output }
        }
        let collected: [Output]? = lock.withLock {
            runningThreads -= 1
            return runningThreads == 0 ? results.map { $0! } : nil
        }
        if let collected { finish(collected) }
    }

    private func claim() -> Int? {
        lock.withLock {
            guard nextIndex < items.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }
}

/// Carries the results from the last worker thread to the waiting caller (the semaphore orders the accesses).
private final class ResultBox<Output>: @unchecked Sendable {
    var results: [Output] = []
}
