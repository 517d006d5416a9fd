import Foundation
import TestSupport

/// An HTTP server on the controller's lab address (10.231.128.1), for containers on lab hosts to
/// connect out to. It serves `marker` at `/`. Call `stop()` when done (also on failure).
final class ControllerListener: Sendable {
    let address: String
    let port: Int
    let marker: String
    private let server: ChildProcess
    private let directory: String

    init(address: String = "10.231.128.1", port: Int) throws {
        self.address = address
        self.port = port
        marker = "iptfleet-controller-\(port)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-listener-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (marker + "\n").write(toFile: directory + "/index.html", atomically: true, encoding: .utf8)
        server = try ChildProcess("/usr/bin/python3", ["-m", "http.server", "--bind", address, "--directory", directory, String(port)])
        for _ in 0..<50 {
            if try TCPProbe.httpGet(address, port: port, within: 1).contains(marker) { return }
            usleep(100_000)
        }
        stop()
        throw LabFleet.Failure(description: "the controller's listener on \(address):\(port) did not start")
    }

    /// Ends the server and removes its directory.
    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
