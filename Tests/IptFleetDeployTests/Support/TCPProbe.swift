import Foundation
import TestSupport

/// Tries a TCP connection from the controller (this machine), or from a client namespace, to a
/// lab host.
enum TCPProbe {
    /// Whether a connection to `address:port` is accepted within `seconds`. A dropped SYN times
    /// out; an accepted one connects. `namespace`: probe from that network namespace.
    static func connects(to address: String, port: Int, within seconds: Int = 3, from namespace: String? = nil) throws -> Bool {
        try run("exec 3<>/dev/tcp/\(address)/\(port)", within: seconds, from: namespace).status == 0
    }

    /// What an HTTP/1.0 GET of `/` on `address:port` answered within `seconds` (headers and body),
    /// or "" when nothing came.
    static func httpGet(_ address: String, port: Int, within seconds: Int = 3, from namespace: String? = nil) throws -> String {
        try run(#"exec 3<>/dev/tcp/\#(address)/\#(port) && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && cat <&3"#,
                within: seconds, from: namespace).stdout
    }

    /// Runs `script` in bash under `timeout -s KILL` (a bash stuck in connect() on a dropped SYN
    /// ends at once, not at the kernel's timeout).
    private static func run(_ script: String, within seconds: Int, from namespace: String?) throws -> ProcessRunner.Result {
        let inNamespace = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        return try ProcessRunner.run(["/usr/bin/timeout", "-s", "KILL", String(seconds)] + inNamespace + ["bash", "-c", script])
    }
}
