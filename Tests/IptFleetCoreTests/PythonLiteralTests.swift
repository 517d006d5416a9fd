import Testing
@testable import IptFleetCore

/// Expected values were printed by Python 3.11's `ast.literal_eval` (and Ansible's INI rule of
/// keeping the text when it fails).
struct PythonLiteralTests {
    @Test(arguments: [
        ("1", VariableValue.int(1)), ("-1", .int(-1)), ("+7", .int(7)), ("-0", .int(0)), ("00", .int(0)),
        ("1.5", .float(1.5)), ("1e3", .float(1000)), (".5", .float(0.5)), ("1.0e+3", .float(1000)),
        ("0x10", .int(16)), ("0o17", .int(15)), ("0b101", .int(5)), ("1_000", .int(1000)),
        ("True", .bool(true)), ("False", .bool(false)), ("None", .null),
        ("\"quoted\"", .string("quoted")), ("'single'", .string("single")), ("\"a\" \"b\"", .string("ab")),
        ("r\"\\d\"", .string("\\d")), ("\"\\n\"", .string("\n")), ("\"\\x41\"", .string("A")),
        ("[1, 2]", .list([.int(1), .int(2)])), ("[1,]", .list([.int(1)])), ("(1, 2)", .list([.int(1), .int(2)])),
        ("()", .list([])), ("(1)", .int(1)), ("{\"k\": \"v\"}", .dict(["k": .string("v")])), ("{1: 2}", .dict(["1": .int(2)])),
        ("{1, 2}", .list([.int(1), .int(2)])), ("{}", .dict([:])), ("{\"a\": 1,}", .dict(["a": .int(1)])),
        ("[1, [2, \"x\"], {\"a\": None}]", .list([.int(1), .list([.int(2), .string("x")]), .dict(["a": .null])])),
        ("1 # comment", .int(1)), (" 1", .int(1)), ("1j", .string("1j")),
    ])
    func literals(text: String, expected: VariableValue) {
        #expect(PythonLiteral.typedValue(of: text) == expected)
    }

    @Test(arguments: ["0755", "yes", "no", "hello # not a comment", "a=b", "", "--1", "inf", "\"unterminated", "[1, 2", "...", "none"])
    func nonLiteralsStayStrings(text: String) {
        #expect(PythonLiteral.typedValue(of: text) == .string(text))
    }
}
