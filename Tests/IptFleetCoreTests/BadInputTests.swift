import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

/// Hostile or broken input files: each is refused quickly with its file and line, or read as
/// Ansible reads it, never crashing, hanging or exhausting memory.
struct BadInputTests {
    private func load(_ files: [String: String]) throws(InventoryError) -> LoadedInventory {
        let directory = TemporaryDirectory()
        for (path, content) in files { _ = try? directory.write(path, content) }
        return try InventoryLoader().load(sources: [directory.path + "/hosts.ini"])
    }

    /// The error `files` give, with the scratch directory cut from its file name.
    private func error(_ files: [String: String]) -> String {
        let directory = TemporaryDirectory()
        for (path, content) in files { _ = try? directory.write(path, content) }
        do {
            _ = try InventoryLoader().load(sources: [directory.path + "/hosts.ini"])
            return "no error"
        } catch {
            return error.description.replacingOccurrences(of: directory.path + "/", with: "")
        }
    }

    /// Runs `body` and checks it took less than `limit` of this thread's CPU time (the wall clock
    /// says more about what else the machine runs than about the parser).
    private func quickly<T>(_ limit: Duration = .seconds(2), _ body: () throws -> T) rethrows -> T {
        let start = Self.threadCPUTime()
        defer { #expect(Self.threadCPUTime() - start < limit) }
        return try body()
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    // MARK: Host names (F5, F6)

    @Test(arguments: ["web1", "web1.example.com", "192.0.2.1", "2001:db8::1", "[2001:db8::1]:2222", "[::1]:22", "::1", "db_primary",
                      "web[01:03].example.com", "h\u{E9}llo", "10.0.0.[1:3]", "web-1:2222"])
    func realHostNamesAreAccepted(entry: String) throws {
        #expect(try load(["hosts.ini": "[web]\n\(entry) ansible_host=192.0.2.9\n"]).inventory.hostNames.isEmpty == false)
    }

    @Test(arguments: [
        ("\"evil\u{7}x\"", "hosts.ini:2: invalid host name 'evil\\u{07}x': contains the invisible character \\u{07}; a host name may not hold control characters or whitespace"),
        ("\"nul\u{0}x\"", "hosts.ini:2: invalid host name 'nul\\0x': contains the invisible character \\0; a host name may not hold control characters or whitespace"),
        ("\"web 1\"", "hosts.ini:2: invalid host name 'web 1': contains a space; a host name may not hold control characters or whitespace"),
        ("\"tab\tx\"", "hosts.ini:2: invalid host name 'tab\\tx': contains the invisible character \\t; a host name may not hold control characters or whitespace"),
        ("\"bidi\u{202E}x\"", "hosts.ini:2: invalid host name 'bidi\\u{202E}x': contains the invisible character \\u{202E}; a host name may not hold control characters or whitespace"),
        ("../../x", "hosts.ini:2: invalid host name '../../x': contains '/'; a host name may not hold a path separator"),
        ("..", "hosts.ini:2: invalid host name '..': '.' and '..' are not host names"),
        (String(repeating: "a", count: 300), "hosts.ini:2: invalid host name '\(String(repeating: "a", count: 80))…': longer than 255 characters"),
    ])
    func unsafeHostNamesAreRefusedWithFileAndLine(entry: String, message: String) {
        #expect(error(["hosts.ini": "[web]\n\(entry) ansible_host=192.0.2.9\n"]) == message)
    }

    // MARK: Line ends (F17)

    @Test func crlfInventoryReadsLikeLF() throws {
        let lf = "[web]\nweb1 ansible_host=192.0.2.1\nweb2 ansible_host=192.0.2.2\n[web:vars]\nansible_port=2222\n"
        let crlf = try load(["hosts.ini": lf.replacingOccurrences(of: "\n", with: "\r\n")])
        let plain = try load(["hosts.ini": lf])
        #expect(crlf.inventory.hostNames == ["web1", "web2"])
        #expect(crlf.variablesOfAllHosts().mapValues(\.plainValues) == plain.variablesOfAllHosts().mapValues(\.plainValues))
        // A lone CR ends a line too, as in Python's splitlines().
        #expect(try load(["hosts.ini": "[web]\rweb1\rweb2\r"]).inventory.hostNames == ["web1", "web2"])
    }

    // MARK: Host ranges (F13)

    @Test(arguments: ["web[0:9999999]", "web[0:99999999999]", "h[0:999][0:999][0:999]", "w[0:9223372036854775806]"])
    func hugeRangesAreRefusedBeforeExpanding(entry: String) {
        let message = quickly { error(["hosts.ini": "[web]\n\(entry)\n"]) }
        #expect(message == "hosts.ini:2: host entry '\(entry)' stands for more than 100000 hosts; split it into smaller ranges")
    }

    @Test func aHundredThousandHostsAreStillOneEntry() throws {
        #expect(try HostRangeExpander.expand("h[0:99][0:999]").hosts.count == 100_000)
    }

    // MARK: Python literals (F14)

    @Test func literalsNestedDeeperThanPythonAllowsStayStrings() {
        let nested = { (depth: Int) in String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(PythonLiteral.typedValue(of: nested(200)) != .string(nested(200)))
        #expect(PythonLiteral.typedValue(of: nested(201)) == .string(nested(201)))
        #expect(PythonLiteral.typedValue(of: nested(100_000)) == .string(nested(100_000)))
    }

    // MARK: Group chains (F15)

    @Test(arguments: [20_000, 200_000])
    func deepChildrenChainsAreRefused(depth: Int) {
        let chain = (0..<depth).map { "[g\($0):children]\ng\($0 + 1)\n" }.joined() + "[g\(depth)]\nweb1\n"
        let message = quickly { error(["hosts.ini": chain]) }
        #expect(message == "hosts.ini:2002: group 'g1001' would have more than 1000 ancestor groups; iptfleet refuses nesting this deep")
    }

    @Test func deepChainsWrittenBottomUpAreRefusedToo() {
        let chain = (0..<5_000).reversed().map { "[g\($0 + 1)]\n[g\($0):children]\ng\($0 + 1)\n" }.joined()
        let message = quickly { error(["hosts.ini": chain]) }
        #expect(message.hasSuffix("would have more than 1000 ancestor groups; iptfleet refuses nesting this deep"), "\(message)")
    }

    @Test func aChainOfNineHundredGroupsLoads() throws {
        let chain = (0..<900).map { "[g\($0):children]\ng\($0 + 1)\n" }.joined() + "[g900]\nweb1\n"
        let loaded = try quickly { try load(["hosts.ini": chain]) }
        #expect(loaded.inventory.groups["g900"]?.depth == 901)
        #expect(loaded.inventory.sortedGroups(ofHost: "web1").count == 901)
    }

    // MARK: YAML bombs (F12)

    @Test func billionLaughsIsRefused() {
        let laughs = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + (1..<10).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 9).joined(separator: ", ") + "]\n" }.joined()
        let message = quickly { error(["hosts.ini": "web1\n", "group_vars/all.yml": laughs]) }
        #expect(message == "group_vars/all.yml:6: expands to more than 200000 values (YAML aliases or merge keys repeating each other?)")
    }

    @Test func mergeKeyBombIsRefused() {
        let merges = "m0: &m0 {k0: 0}\n" + (1..<40).map { "m\($0): &m\($0) {<<: [*m\($0 - 1), *m\($0 - 1)], k\($0): \($0)}\n" }.joined()
        let message = quickly { error(["hosts.ini": "web1\n", "group_vars/all.yml": merges]) }
        #expect(message.hasPrefix("group_vars/all.yml:"), "\(message)")
        #expect(message.hasSuffix(": expands to more than 200000 values (YAML aliases or merge keys repeating each other?)"), "\(message)")
    }

    @Test func aliasesNestingDeeperThanAThousandAreRefused() {
        let deep = String(repeating: "[", count: 990) + "x" + String(repeating: "]", count: 990)
        let yaml = "a: &a \(deep)\nb: " + String(repeating: "[", count: 11) + "*a" + String(repeating: "]", count: 11) + "\n"
        let message = quickly { error(["hosts.ini": "web1\n", "group_vars/all.yml": yaml]) }
        #expect(message == "group_vars/all.yml:2: values nested more than 1000 levels deep (through YAML aliases or merge keys)")
    }

    @Test func ordinaryAliasesAndMergesStillWork() throws {
        let vars = try VarsFileLoader.parse("base: &b {a: 1}\nuse: {<<: *b, c: 2}\nlist: [*b, *b]\n", path: "f.yml").plainValues
        #expect(vars["use"] == .dict(["a": .int(1), "c": .int(2)]))
        #expect(vars["list"] == .list([.dict(["a": .int(1)]), .dict(["a": .int(1)])]))
    }

    // MARK: Symlink loops (F16)

    @Test func symlinkLoopsInVarsDirectoriesAreReadOnce() throws {
        let directory = TemporaryDirectory()
        try directory.write("group_vars/all/main.yml", "ssh_allow_cidr: 10.0.0.0/8\n")
        for loop in ["a", "b"] {
            try FileManager.default.createSymbolicLink(atPath: directory.path + "/group_vars/all/" + loop, withDestinationPath: ".")
        }
        let files = quickly { VarsFileLocator.files(in: directory.path + "/group_vars", named: "all") }
        #expect(files == [directory.path + "/group_vars/all/main.yml"])
    }

    // MARK: Files that are not text files (F20)

    @Test func aFIFOIsNotARegularFile() throws {
        let directory = TemporaryDirectory()
        try directory.write("hosts.ini", "web1\n")
        try FileManager.default.createDirectory(atPath: directory.path + "/group_vars/all", withIntermediateDirectories: true)
        #expect(mkfifo(directory.path + "/group_vars/all/main.yml", 0o600) == 0)
        let error = #expect(throws: InventoryError.self) { try InventoryLoader().load(sources: [directory.path + "/hosts.ini"]) }
        #expect(error?.description == directory.path + "/group_vars/all/main.yml: not a regular file (a FIFO)")
    }

    @Test func aCharacterDeviceIsNotARegularFile() {
        let error = #expect(throws: InventoryError.self) { try InventoryLoader().load(sources: ["/dev/zero"]) }
        #expect(error?.description == "/dev/zero: not a regular file (a character device)")
    }

    @Test func nonUTF8IsReportedWithLineAndByte() {
        let directory = TemporaryDirectory()
        let path = directory.path + "/hosts.ini"
        _ = FileManager.default.createFile(atPath: path, contents: Data("[web]\ncaf".utf8) + Data([0xE9]) + Data(" ansible_host=192.0.2.1\n".utf8))
        let error = #expect(throws: InventoryError.self) { try InventoryLoader().load(sources: [path]) }
        #expect(error?.description == path + ":2: not UTF-8 at byte 10 (0xE9); save the file as UTF-8")
    }

    @Test func filesLargerThanSixteenMebibytesAreRefused() {
        let message = error(["hosts.ini": "web1\n", "group_vars/all.yml": "big: \"" + String(repeating: "x", count: 17 << 20) + "\"\n"])
        #expect(message == "group_vars/all.yml: the file has 17825800 bytes; iptfleet reads files of at most 16777216 bytes (16 MiB)")
    }

    // MARK: Messages (F20)

    @Test func anEmptyInventorySaysSoWithoutALimit() {
        let directory = TemporaryDirectory()
        let hosts = (try? directory.write("hosts.ini", "")) ?? ""
        let error = #expect(throws: FleetError.self) {
            try FleetLoader().load(FleetRequest(inventorySources: [hosts], defaultsDirectory: Repository.path("GroupVars"), extraVars: [], limit: "all"))
        }
        #expect(error?.problems == [hosts + ": the inventory has no hosts"])
    }

    @Test func aHugeExtraVarsArgumentIsNotEchoed() {
        let argument = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        let error = #expect(throws: InventoryError.self) { try ExtraVars.parse([argument]) }
        #expect((error?.description.count ?? .max) < 300, "\(error?.description.prefix(300) ?? "")")
        #expect(error?.description.hasPrefix("-e '\(String(repeating: "[", count: 80))…':1: invalid YAML") == true, "\(error?.description.prefix(300) ?? "")")
    }
}
