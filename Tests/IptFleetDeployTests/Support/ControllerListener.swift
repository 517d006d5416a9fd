import Foundation

/// An HTTP server on the controller's lab address (10.231.128.1), for containers on lab hosts to
/// connect out to. It serves `marker` at `/`. Call `stop()` when done (also on failure).
final class ControllerListener: Sendable {
    let address: String
    let port: Int
    let marker: String
    private let pid: Int32
    private let directory: String

    init(address: String = "10.231.128.1", port: Int) throws {
        self.address = address
        self.port = port
        marker = "iptfleet-controller-\(port)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iptfleet-listener-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (marker + "\n").write(toFile: directory + "/index.html", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "http.server", "--bind", address, "--directory", directory, String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        for _ in 0..<50 {
            if try TCPProbe.httpGet(address, port: port, within: 1).contains(marker) { return }
            usleep(100_000)
        }
        stop()
        throw LabFleet.Failure(description: "the controller's listener on \(address):\(port) did not start")
    }

    /// Ends the server (by its PID) and removes its directory.
    func stop() {
        kill(pid, SIGKILL)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
