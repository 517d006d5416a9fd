import Foundation
import TestSupport
import Testing

/// `Scripts/lab` argument checks (they run before anything needs root).
struct LabScriptTests {
    @Test(arguments: [
        (["up", "2", "--name", "pxbad", "--isolated", "2"], "lab: error: up: --isolated needs a number smaller than the host count (one host must be the jump host)"),
        (["up", "2", "--name", "pxbad", "--isolated", "x"], "lab: error: up: --isolated needs a number smaller than the host count (one host must be the jump host)"),
        (["up", "2", "--name", "pxbad", "--isolated"], "lab: error: --isolated needs a value"),
    ])
    func isolatedNeedsAJumpHost(arguments: [String], message: String) throws {
        let result = try ProcessRunner.run(LabFleet.script, arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result)")
    }
}
