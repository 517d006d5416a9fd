import Testing
@testable import IptFleetCore

/// Expected splits were printed by Python's `shlex.split(line, comments=True)`.
struct ShellWordsTests {
    @Test(arguments: [
        ("a=b#c d", ["a=b"]),
        ("h a=\"x y\" b='q'  # c", ["h", "a=x y", "b=q"]),
        ("h a=\"x\\\"y\" b=x\\ y c=\"a\\nb\"", ["h", "a=x\"y", "b=x y", "c=a\\nb"]),
        ("h a=\"\" b", ["h", "a=", "b"]),
        ("h a=x\"y z\"w", ["h", "a=xy zw"]),
        ("  spaced\t out  ", ["spaced", "out"]),
    ])
    func splitsLikeShlex(line: String, expected: [String]) throws {
        #expect(try ShellWords.split(line) == expected)
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: ShellWords.SplitError.unclosedQuote("\"")) { try ShellWords.split("h a=\"open") }
        #expect(throws: ShellWords.SplitError.unclosedQuote("'")) { try ShellWords.split("h a='open") }
    }
}
