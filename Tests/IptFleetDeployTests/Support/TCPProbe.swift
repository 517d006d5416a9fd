import Foundation

/// Tries a TCP connection from the controller (this machine) to a lab host.
enum TCPProbe {
    /// Whether a connection to `address:port` is accepted within `seconds`. A dropped SYN times
    /// out; an accepted one connects.
    static func connects(to address: String, port: Int, within seconds: Int = 3) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        // SIGKILL: a child of Foundation's Process may start with SIGTERM blocked, and a bash
        // stuck in connect() on a dropped SYN would then wait for the kernel's timeout.
        process.arguments = ["-s", "KILL", String(seconds), "bash", "-c", "exec 3<>/dev/tcp/\(address)/\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
