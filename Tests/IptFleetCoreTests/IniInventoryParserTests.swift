import Testing
import TestSupport
@testable import IptFleetCore
import TestSupport

struct IniInventoryParserTests {
    private func load(_ text: String) throws -> LoadedInventory {
        let directory = TemporaryDirectory()
        return try InventoryLoader().load(sources: [try directory.write("hosts.ini", text)])
    }

    @Test func groupsChildrenAndUngrouped() throws {
        let loaded = try load("""
            lonely
            [web]
            w1
            [db:children]
            web
            [empty]
            """)
        let inventory = loaded.inventory
        #expect(inventory.groups["ungrouped"]?.hosts == ["lonely"])
        #expect(inventory.groups["db"]?.children == ["web"])
        #expect(inventory.groups["all"]?.children == ["ungrouped", "db", "empty"])
        #expect(inventory.groups["web"]?.depth == 2)
    }

    @Test func childrenMayComeBeforeTheirGroup() throws {
        let loaded = try load("""
            [top:children]
            middle
            [middle:children]
            bottom
            [bottom]
            b1
            """)
        #expect(loaded.inventory.groups["top"]?.children == ["middle"])
        #expect(loaded.inventory.groups["bottom"]?.depth == 3)
        #expect(loaded.inventory.sortedGroups(ofHost: "b1").map(\.name) == ["top", "middle", "bottom"])
    }

    @Test func inlineVariablesAreTypedAndCommentsIgnored() throws {
        let loaded = try load("""
            # comment
            ; another comment
            h1 a=1 b=yes c=True d="x y" e='[1, 2]' f=1.5 # trailing comment
            """)
        let vars = loaded.inventory.hosts["h1"]?.variables.plainValues
        #expect(vars == ["a": .int(1), "b": .string("yes"), "c": .bool(true), "d": .string("x y"), "e": .list([.int(1), .int(2)]), "f": .float(1.5)])
        #expect(loaded.inventory.hosts["h1"]?.variables["a"]?.origin == VariableOrigin(file: loaded.baseDirectories[0] + "/hosts.ini", line: 3))
    }

    @Test func groupVarsKeepTheRestOfTheLine() throws {
        let loaded = try load("""
            [g]
            h
            [g:vars]
            text = hello world
            count=3 # a Python comment after a literal
            flag=no
            ansible_group_priority=5
            """)
        let group = try #require(loaded.inventory.groups["g"])
        #expect(group.variables.plainValues == ["text": .string("hello world"), "count": .int(3), "flag": .string("no")])
        #expect(group.priority == 5)
    }

    @Test func portBecomesAnsiblePort() throws {
        let loaded = try load("h1:2222\n")
        #expect(loaded.inventory.hosts["h1"]?.variables["ansible_port"]?.value == .int(2222))
    }

    @Test(arguments: [
        ("[bad group]\n", 1, "invalid section entry"),
        ("[g]\nh\n[g:bogus]\n", 3, "unknown type 'bogus'"),
        ("[g]\nh\n[g:vars]\nnovalue\n", 4, "expected key=value"),
        ("h1 novalue\n", 1, "expected key=value host variable assignment"),
        ("h1 a=\"open\n", 1, "no closing quotation"),
        ("[a:children]\nb\n[b:children]\na\n", 4, "dependency loop"),
        ("[a:children]\nnothere\n", 2, "includes undefined group 'nothere'"),
        ("[ghost:vars]\nx=1\n", 1, "not valid for undefined group 'ghost'"),
        ("web[01:100]\n", 1, "equal-length"),
    ])
    func badInventoryNamesFileAndLine(text: String, line: Int, message: String) throws {
        let directory = TemporaryDirectory()
        let path = try directory.write("hosts.ini", text)
        let error = #expect(throws: InventoryError.self) { try InventoryLoader().load(sources: [path]) }
        #expect(error?.origin == VariableOrigin(file: path, line: line))
        #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    }
}
