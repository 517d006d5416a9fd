import Foundation
import TestSupport

/// A "host" namespace with two clients and a "container", each on its own veth link:
///
///     c1 10.231.0.2   fd00:231::a:2 ── host 10.231.0.1   fd00:231::a:1
///     c2 10.231.0.66  fd00:231::b:2 ── host 10.231.0.65  fd00:231::b:1
///     k  10.231.0.130 fd00:231::c:2 ── host 10.231.0.129 fd00:231::c:1 (interface docker0)
///
/// The host forwards; the container routes through it. Every namespace is deleted and every
/// listener stopped (by PID) by `tearDown()`, which `deinit` calls too.
final class TrafficLab {
    /// One end of a link: its namespace and addresses.
    struct Peer {
        let namespace: NetworkNamespace
        let v4: String
        let v6: String

        func address(_ family: AddressFamily) -> String { family == .v4 ? v4 : v6 }
    }

    let host: NetworkNamespace
    let client1: Peer
    let client2: Peer
    let container: Peer
    /// The host's address on each client's link.
    let hostForClient1: Peer
    let hostForClient2: Peer
    private let scratch = TemporaryDirectory()
    private var listeners: [ChildProcess] = []
    private var namespaces: [NetworkNamespace] = []

    /// Builds the namespaces and links; a namespace made before a failure is deleted when its
    /// `NetworkNamespace` goes away.
    init() throws {
        host = try NetworkNamespace(role: "h")
        let c1 = try NetworkNamespace(role: "c1")
        let c2 = try NetworkNamespace(role: "c2")
        let k = try NetworkNamespace(role: "k")
        namespaces = [host, c1, c2, k]
        client1 = Peer(namespace: c1, v4: "10.231.0.2", v6: "fd00:231::a:2")
        client2 = Peer(namespace: c2, v4: "10.231.0.66", v6: "fd00:231::b:2")
        container = Peer(namespace: k, v4: "10.231.0.130", v6: "fd00:231::c:2")
        hostForClient1 = Peer(namespace: host, v4: "10.231.0.1", v6: "fd00:231::a:1")
        hostForClient2 = Peer(namespace: host, v4: "10.231.0.65", v6: "fd00:231::b:1")
        let hostForContainer = Peer(namespace: host, v4: "10.231.0.129", v6: "fd00:231::c:1")
        try Self.link(hostForClient1, "lan1", client1, v4Prefix: 26)
        try Self.link(hostForClient2, "lan2", client2, v4Prefix: 26)
        try Self.link(hostForContainer, "docker0", container, v4Prefix: 26)
        try k.exec(["ip", "route", "add", "default", "via", hostForContainer.v4])
        try k.exec(["ip", "-6", "route", "add", "default", "via", hostForContainer.v6])
        try host.exec(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
    }

    deinit { tearDown() }

    func tearDown() {
        for listener in listeners { listener.stop() }
        listeners = []
        for namespace in namespaces { namespace.remove() }
    }

    /// A veth pair `hostInterface` (in the host) ↔ `eth0` (in the peer), addressed and up.
    private static func link(_ hostEnd: Peer, _ hostInterface: String, _ peer: Peer, v4Prefix: Int) throws {
        let peerName = peer.namespace.name
        try hostEnd.namespace.exec(["ip", "link", "add", hostInterface, "type", "veth", "peer", "name", "eth0", "netns", peerName])
        for (end, interface) in [(hostEnd, hostInterface), (peer, "eth0")] {
            try end.namespace.exec(["ip", "addr", "add", "\(end.v4)/\(v4Prefix)", "dev", interface])
            try end.namespace.exec(["ip", "addr", "add", "\(end.v6)/112", "dev", interface, "nodad"])
            try end.namespace.exec(["ip", "link", "set", interface, "up"])
        }
    }

    /// Starts a TCP listener on `ports` in `namespace` and waits until it is bound.
    func listen(in namespace: NetworkNamespace, ports: [Int]) throws {
        let program = try scratch.write("listener.py", PythonTools.listener)
        let ready = scratch.file("ready-\(UUID().uuidString)")
        listeners.append(try namespace.background([PythonTools.interpreter, program, ready] + ports.map(String.init)))
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: ready) {
            guard Date() < deadline else { throw ProcessRunner.Failure.timedOut(["listener"], 10) }
            usleep(20_000)
        }
    }

    /// Which of `ports` on `target` `client` can connect to, per family; a port counts as closed
    /// when the handshake does not finish within `timeout` seconds.
    func reachable(from client: Peer, to target: Peer, ports: [Int], timeout: Double = 1.5) throws -> [AddressFamily: Set<Int>] {
        let program = try scratch.write("probe.py", PythonTools.prober)
        var targets: [String] = []
        for family in AddressFamily.allCases { targets += ports.map { "\(target.address(family)),\($0)" } }
        let output = try client.namespace.exec([PythonTools.interpreter, program, String(timeout)] + targets)
        var open: [AddressFamily: Set<Int>] = [.v4: [], .v6: []]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1] == "open" else { continue }
            let fields = parts[0].split(separator: ",")
            guard let port = Int(fields[1]) else { continue }
            open[fields[0].contains(":") ? .v6 : .v4]!.insert(port)
        }
        return open
    }
}
