import Testing
@testable import IptFleetCore

struct HostRangeExpanderTests {
    @Test func numericRangeKeepsZeroPadding() throws {
        let (hosts, port) = try HostRangeExpander.expand("web[01:03]")
        #expect(hosts == ["web01", "web02", "web03"])
        #expect(port == nil)
    }

    @Test func rangeWithStepAndTail() throws {
        #expect(try HostRangeExpander.expand("n[01:20:5].example.com").hosts == ["n01.example.com", "n06.example.com", "n11.example.com", "n16.example.com"])
    }

    @Test func letterRange() throws {
        #expect(try HostRangeExpander.expand("db-[a:c]").hosts == ["db-a", "db-b", "db-c"])
    }

    @Test func twoRangesMultiply() throws {
        #expect(try HostRangeExpander.expand("r[1:2]n[a:b]").hosts == ["r1na", "r1nb", "r2na", "r2nb"])
    }

    @Test func portsOnNamesRangesAndAddresses() throws {
        #expect(try HostRangeExpander.expand("web[1:2]:2222") == (["web1", "web2"], 2222))
        #expect(try HostRangeExpander.expand("10.0.0.5:2200") == (["10.0.0.5"], 2200))
        #expect(try HostRangeExpander.expand("[2001:db8::5]:2201") == (["2001:db8::5"], 2201))
        #expect(try HostRangeExpander.expand("2001:db8::5") == (["2001:db8::5"], nil))
    }

    @Test func badRangesAreErrors() {
        #expect(throws: HostRangeExpander.InvalidEntry.self) { try HostRangeExpander.expand("web[01:100]") }
        #expect(throws: HostRangeExpander.InvalidEntry.self) { try HostRangeExpander.expand("web[1:]") }
        #expect(throws: HostRangeExpander.InvalidEntry.self) { try HostRangeExpander.expand("web[c:a]") }
        #expect(throws: HostRangeExpander.InvalidEntry.self) { try HostRangeExpander.expand("web:") }
    }
}
