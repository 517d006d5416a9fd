import Foundation

/// Runs a program with bounds (an inventory script, `ansible-inventory`, a `local` host's
/// command): at most `timeLimit` seconds and `InputFile.maximumSize` bytes on each of stdout and
/// stderr; the program is killed when it passes either.
public enum BoundedCommand {
    /// What the program printed and how it ended.
    public struct Output: Sendable {
        /// The exit status, or the signal's number when `signalled`.
        public let status: Int32
        public let signalled: Bool
        public let stdout: Data
        public let stderr: Data
    }

    /// Why the program gave no usable output.
    public enum Failure: Error, CustomStringConvertible {
        case cannotStart(String)
        case timedOut(Int)
        case tooMuchOutput

        public var description: String {
            switch self {
            case .cannotStart(let reason): "cannot run it: \(reason)"
            case .timedOut(let seconds): "it did not finish within \(seconds) seconds and was stopped"
            case .tooMuchOutput: "it printed more than \(InputFile.maximumSize) bytes (16 MiB) and was stopped"
            }
        }
    }

    /// Far longer than a CMDB or cloud API query takes, short enough not to hang a run.
    public static let timeLimit = 60

    /// One pipe's bytes, filled by a reader thread.
    private final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var buffer = Data()
        private(set) var overflowed = false

        /// Appends `chunk`; false once the total passes the limit.
        func append(_ chunk: Data) -> Bool {
            lock.withLock {
                buffer.append(chunk)
                if buffer.count > InputFile.maximumSize { overflowed = true }
                return !overflowed
            }
        }

        var data: Data { lock.withLock { buffer } }
    }

    /// Runs `executable` with `arguments`, reading `stdin` (nothing by default).
    public static func run(_ executable: String, _ arguments: [String], stdin: FileHandle = .nullDevice,
                           timeLimit: Int = timeLimit) throws(Failure) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = stdin
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let finished = DispatchGroup()
        finished.enter()
        process.terminationHandler = { _ in finished.leave() }
        do {
            try process.run()
        } catch {
            throw .cannotStart(error.localizedDescription)
        }
        let pid = process.processIdentifier
        let collectors = [Collector(), Collector()]
        for (pipe, collector) in zip([outPipe, errPipe], collectors) {
            let handle = pipe.fileHandleForReading
            finished.enter()
            DispatchQueue.global().async {
                defer { finished.leave() }
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    if !collector.append(chunk) {
                        kill(pid, SIGKILL)
                        return
                    }
                }
            }
        }
        if finished.wait(timeout: .now() + .seconds(timeLimit)) == .timedOut {
            kill(pid, SIGKILL)
            throw .timedOut(timeLimit)
        }
        if collectors.contains(where: \.overflowed) { throw .tooMuchOutput }
        return Output(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: collectors[0].data, stderr: collectors[1].data)
    }
}
