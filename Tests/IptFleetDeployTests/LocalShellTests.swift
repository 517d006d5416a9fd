import Foundation
import IptFleetSSH
import Testing
@testable import IptFleetDeploy

/// The channel of a `local` host: real `/bin/sh` on this machine.
struct LocalShellTests {
    @Test func runsTheCommandWithItsInputAndReportsHowItEnded() throws {
        let shell = LocalShell(become: nil, commandTimeout: .seconds(30))
        let echoed = try shell.run("cat; echo err >&2; exit 3", stdin: Data("in\n".utf8), timeout: nil)
        #expect(echoed.stdoutText == "in\n" && echoed.stderrText == "err\n" && echoed.exitStatus == 3 && echoed.exitSignal == nil)
        let killed = try shell.run("kill -KILL $$", stdin: nil, timeout: nil)
        #expect(killed.exitSignal == "KILL" && !killed.succeeded, "\(killed)")
        #expect(try shell.run("sh -s", stdin: Data("echo from stdin\n".utf8), timeout: nil).stdoutText == "from stdin\n",
                "the apply command reads its script from stdin")
    }

    @Test func aCommandThatOutlivesItsTimeoutIsStopped() throws {
        let shell = LocalShell(become: nil, commandTimeout: .seconds(30))
        #expect(throws: LocalShell.Failure.self) { try shell.run("sleep 5", stdin: nil, timeout: .seconds(1)) }
        do {
            _ = try shell.run("sleep 5", stdin: nil, timeout: .milliseconds(200))
        } catch {
            #expect("\(error)" == "/bin/sh on this machine: it did not finish within 1 seconds and was stopped")
        }
    }

    @Test(.enabled(if: geteuid() == 0, "needs to run as root: only root becomes root without sudo"))
    func becomingRootAsRootNeedsNoSudo() throws {
        #expect(LocalShell(become: BecomeOptions(user: "root"), commandTimeout: .seconds(5)).become == nil)
        #expect(LocalShell(become: BecomeOptions(user: "nobody"), commandTimeout: .seconds(5)).become?.user == "nobody")
    }
}
