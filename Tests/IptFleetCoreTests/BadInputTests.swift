import Foundation
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

    /// Runs `body` and checks it took less than `limit`.
    private func quickly<T>(_ limit: Duration = .seconds(2), _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { #expect(ContinuousClock.now - start < limit) }
        return try body()
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

    // MARK: Empty inventory (F20)

    @Test func anEmptyInventorySaysSoWithoutALimit() {
        let directory = TemporaryDirectory()
        let hosts = (try? directory.write("hosts.ini", "")) ?? ""
        let error = #expect(throws: FleetError.self) {
            try FleetLoader().load(FleetRequest(inventorySources: [hosts], defaultsDirectory: Repository.path("GroupVars"), extraVars: [], limit: "all"))
        }
        #expect(error?.problems == [hosts + ": the inventory has no hosts"])
    }

    // MARK: Long input in messages (F20)

    @Test func aHugeExtraVarsArgumentIsNotEchoed() {
        let argument = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        let error = #expect(throws: InventoryError.self) { try ExtraVars.parse([argument]) }
        #expect((error?.description.count ?? .max) < 300, "\(error?.description.prefix(300) ?? "")")
        #expect(error?.description.hasPrefix("-e '\(String(repeating: "[", count: 80))…':1: invalid YAML") == true, "\(error?.description.prefix(300) ?? "")")
    }
}
