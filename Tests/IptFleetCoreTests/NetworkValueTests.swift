import Testing
@testable import IptFleetCore

struct NetworkValueTests {
    @Test(arguments: [
        ("10.1.2.3/8", "10.0.0.0/8"), ("192.168.1.7", "192.168.1.7/32"), ("0.0.0.0/0", "0.0.0.0/0"),
        ("2001:db8::1/32", "2001:db8::/32"), ("::/0", "::/0"), ("fe80::1", "fe80::1/128"), ("10.0.0.129/25", "10.0.0.128/25"),
    ])
    func cidrsAreNormalized(text: String, expected: String) throws {
        #expect(try #require(CIDR(text)).description == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "300.1.1.1", "10.0.0.0/", "10.0.0.0/-1", "2001:db8::/129", "example.com", "", "10.0.0.0/8x"])
    func invalidCIDRs(text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test(arguments: [
        (VariableValue.int(22), "22", false), (.string("8000:8100"), "8000:8100", false), (.string("8000-8100"), "8000:8100", false),
        (.string("80,443"), "80,443", true), (.list([.int(80), .string("1000:2000")]), "80,1000:2000", true),
    ])
    func portSpecs(value: VariableValue, expected: String, multiport: Bool) throws {
        let spec = try PortSpec(value)
        #expect(spec.description == expected)
        #expect(spec.needsMultiport == multiport)
    }

    @Test(arguments: [VariableValue.int(0), .int(65536), .string("http"), .string("1:2:3"), .string(""), .bool(true), .list([]),
                      .list(Array(repeating: .string("1:2"), count: 8))])
    func invalidPortSpecs(value: VariableValue) {
        #expect(throws: PortSpec.Invalid.self) { try PortSpec(value) }
    }
}
