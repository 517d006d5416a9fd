import Foundation
import IptFleetSSH
import Testing

/// The one line a report gives for a failed command.
struct CommandResultTests {
    private func result(_ stderr: String, status: Int32 = 1, signal: String? = nil) -> CommandResult {
        CommandResult(stdout: Data("ignored\n".utf8), stderr: Data(stderr.utf8), exitStatus: status, exitSignal: signal)
    }

    @Test func theLastLineOfStderrWithTheExitStatus() {
        #expect(result("warning: first\n  iptables-restore: line 3 failed  \n\n").failureSummary == "iptables-restore: line 3 failed (exit status 1)")
        #expect(result("", status: 127).failureSummary == "exit status 127")
        #expect(result(" \n\t\n", status: 2).failureSummary == "exit status 2", "blank lines say nothing")
    }

    @Test func aSignalReplacesTheExitStatus() {
        #expect(result("Terminated\n", status: 0, signal: "TERM").failureSummary == "Terminated (killed by signal TERM)")
        #expect(result("", status: 0, signal: "KILL").failureSummary == "killed by signal KILL")
    }
}
