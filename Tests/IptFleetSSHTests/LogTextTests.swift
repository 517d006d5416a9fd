import Foundation
@testable import IptFleetSSH
import Testing

/// How remote commands and outputs are shortened for the trace log.
struct LogTextTests {
    @Test func aBase64BlockBecomesOneLine() {
        let payload = Data(repeating: 0xA5, count: 300).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let script = "base64 -d > /tmp/x <<'EOF'\n\(payload)\nEOF\necho done"
        #expect(LogText.shortened(script) == "base64 -d > /tmp/x <<'EOF'\n<base64: 400 characters>\nEOF\necho done")
    }

    @Test func aLongRunInsideALineIsReplacedAndShortWordsStay() {
        let token = String(repeating: "QUJD", count: 30)
        #expect(LogText.shortened("echo \(token) | base64 -d") == "echo <base64: 120 characters> | base64 -d")
        #expect(LogText.shortened("root\n0\nok") == "root\n0\nok", "short base64-looking lines are ordinary output")
    }

    @Test func whatIsStillTooLongIsCutWithACount() {
        let text = String(repeating: "a b ", count: 30)
        #expect(LogText.shortened(text, limit: 10) == "a b a b a … (110 more characters)")
    }
}
