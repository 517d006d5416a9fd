// ssh-bench: connect + authenticate + exec `true` for N hosts' worth of sessions against one
// sshd, with IptFleetSSH and with OpenSSH's `ssh`, sequentially and concurrently, side by side
// in one run. Benchmarks/ssh/run.sh starts the sshd and calls this; see Docs/benchmarks.md.
import Foundation
import IptFleetSSH

struct Arguments {
    var port = 22
    /// The account to log in as: run.sh uses one with /bin/sh, so no shell start-up file is measured.
    var user = "root"
    var key = ""
    var knownHosts = ""
    var hosts = 50
    var rounds = 5
    /// `--library-only yes`: only the IptFleetSSH scenarios (run.sh's libssh2 1.10 vs 1.11 comparison).
    var libraryOnly = false

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { fatalError("\(flag) needs a value") }
            switch flag {
            case "--port": port = Int(value)!
            case "--user": user = value
            case "--key": key = value
            case "--known-hosts": knownHosts = value
            case "--hosts": hosts = Int(value)!
            case "--rounds": rounds = Int(value)!
            case "--library-only": libraryOnly = value == "yes"
            default: fatalError("unknown flag \(flag)")
            }
        }
    }
}

let arguments = Arguments()
let options = SSHConnectionOptions(
    host: "127.0.0.1", port: arguments.port, user: arguments.user, knownHostsPath: arguments.knownHosts,
    identityFiles: [arguments.key], useDefaultIdentityFiles: false, agentSocketPath: nil)
let sshArguments = [
    "-q", "-p", String(arguments.port), "-i", arguments.key, "-F", "/dev/null",
    "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
    "-o", "UserKnownHostsFile=\(arguments.knownHosts)", "-o", "ControlMaster=no",
    "\(arguments.user)@127.0.0.1", "true",
]

/// One session through IptFleetSSH.
@Sendable func librarySession(_: Int) -> Bool {
    guard let session = try? SSHSession.open(options) else { return false }
    defer { session.close() }
    return (try? session.exec("true").succeeded) ?? false
}

/// One session through `/usr/bin/ssh` (spawned, waited for).
@Sendable func opensshSession(_: Int) -> Bool {
    var pid: pid_t = 0
    let argv = (["/usr/bin/ssh"] + sshArguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&pid, "/usr/bin/ssh", nil, nil, argv, environ) == 0 else { return false }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status == 0
}

/// Wall-clock seconds for `hosts` sessions, one after another or all at once on dedicated threads.
func measure(concurrent: Bool, _ session: @escaping @Sendable (Int) -> Bool) -> Double {
    let start = ContinuousClock.now
    let outcomes = runOnThreads(count: concurrent ? arguments.hosts : 1, items: Array(0..<arguments.hosts), body: session)
    let elapsed = ContinuousClock.now - start
    precondition(outcomes.allSatisfy { $0 }, "a session failed")
    let (seconds, attoseconds) = elapsed.components
    return Double(seconds) + Double(attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

var samples: [String: [Double]] = [:]
let scenarios: [(String, Bool, @Sendable (Int) -> Bool)] = [
    ("iptfleet sequential", false, librarySession), ("ssh sequential", false, opensshSession),
    ("iptfleet concurrent", true, librarySession), ("ssh concurrent", true, opensshSession),
].filter { !arguments.libraryOnly || $0.0.hasPrefix("iptfleet") }
_ = measure(concurrent: false, librarySession)  // warm-up (page cache, lazy initialisation)
for _ in 0..<arguments.rounds {
    for (name, concurrent, session) in scenarios {
        samples[name, default: []].append(measure(concurrent: concurrent, session))
    }
}

print("libssh2 \(SSHSession.libssh2Version)")
print("\(arguments.hosts) sessions (connect + auth + exec `true` + close) per sample, \(arguments.rounds) rounds, scenarios interleaved")
print("scenario              median wall s   per session ms   all samples (s)")
for (name, _, _) in scenarios {
    let values = samples[name]!
    let line = name.padding(toLength: 21, withPad: " ", startingAt: 0)
        + String(format: " %13.3f   %14.1f   ", median(values), median(values) * 1000 / Double(arguments.hosts))
    print(line + values.map { String(format: "%.3f", $0) }.joined(separator: " "))
}
for mode in ["sequential", "concurrent"] where !arguments.libraryOnly {
    let ratio = median(samples["ssh \(mode)"]!) / median(samples["iptfleet \(mode)"]!)
    print(String(format: "ratio %@ (ssh median / iptfleet median): %.2f", mode, ratio))
}
