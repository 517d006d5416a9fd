import Testing
@testable import IptFleetCore

struct HostPatternExpanderTests {
    @Test func numericRangeKeepsZeroPadding() throws {
        let (hosts, port) = try HostPatternExpander.expand("web[01:03]")
        #expect(hosts == ["web01", "web02", "web03"])
        #expect(port == nil)
    }

    @Test func rangeWithStepAndTail() throws {
        #expect(try HostPatternExpander.expand("n[01:20:5].example.com").hosts == ["n01.example.com", "n06.example.com", "n11.example.com", "n16.example.com"])
    }

    @Test func letterRange() throws {
        #expect(try HostPatternExpander.expand("db-[a:c]").hosts == ["db-a", "db-b", "db-c"])
    }

    @Test func twoRangesMultiply() throws {
        #expect(try HostPatternExpander.expand("r[1:2]n[a:b]").hosts == ["r1na", "r1nb", "r2na", "r2nb"])
    }

    @Test func portsOnNamesRangesAndAddresses() throws {
        #expect(try HostPatternExpander.expand("web[1:2]:2222") == (["web1", "web2"], 2222))
        #expect(try HostPatternExpander.expand("10.0.0.5:2200") == (["10.0.0.5"], 2200))
        #expect(try HostPatternExpander.expand("[2001:db8::5]:2201") == (["2001:db8::5"], 2201))
        #expect(try HostPatternExpander.expand("2001:db8::5") == (["2001:db8::5"], nil))
    }

    @Test func badRangesAreErrors() {
        #expect(throws: HostPatternExpander.InvalidEntry.self) { try HostPatternExpander.expand("web[01:100]") }
        #expect(throws: HostPatternExpander.InvalidEntry.self) { try HostPatternExpander.expand("web[1:]") }
        #expect(throws: HostPatternExpander.InvalidEntry.self) { try HostPatternExpander.expand("web[c:a]") }
        #expect(throws: HostPatternExpander.InvalidEntry.self) { try HostPatternExpander.expand("web:") }
    }
}
