import Logging

/// The swift-log handler of the command line: `level: host: message` lines to a
/// `LogDestination`. The `host` metadata (set by the SSH and deploy layers) leads the message.
struct IptFleetLogHandler: LogHandler {
    let destination: LogDestination
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let host = merged["host"].map { "\($0): " } ?? ""
        let rest = merged.filter { $0.key != "host" }.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        destination.write(level: event.level.rawValue, source: host, message: "\(event.message)\(rest)")
    }

    /// Routes every logger of the process to `destination` at `level`. Call once, first thing.
    static func bootstrap(level: Logger.Level, destination: LogDestination) {
        LoggingSystem.bootstrap { _ in IptFleetLogHandler(destination: destination, logLevel: level) }
    }
}
