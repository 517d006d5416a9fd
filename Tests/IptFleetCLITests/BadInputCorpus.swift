import Foundation
import TestSupport

/// The bad-input corpus: the small cases committed in `Tests/Fixtures/bad-inputs/`, and the
/// large or special ones (50 MB files, deep chains, symlink loops, a FIFO) written here into a
/// scratch directory at test time. Every case is a directory with its input files and an
/// `expected.txt`: `input:` (what it is), optional `command:` (default `render all -i hosts.ini
/// --dry-run`), `status:` and one `message:` line per text the output must contain.
enum BadInputCorpus {
    static let committed = Repository.root + "/Tests/Fixtures/bad-inputs"

    /// One case, read from its directory.
    struct Case {
        let name: String
        let directory: String
        let input: String
        let arguments: [String]
        let status: Int32
        let messages: [String]

        init(directory: String) throws {
            self.directory = directory
            name = (directory as NSString).lastPathComponent
            var fields: [(String, String)] = []
            for line in try String(contentsOfFile: directory + "/expected.txt", encoding: .utf8).split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let field = { (key: String) in fields.first { $0.0 == key }?.1 }
            input = field("input") ?? name
            arguments = (field("command") ?? "render all -i hosts.ini --dry-run").split(separator: " ").map(String.init)
            status = Int32(field("status") ?? "") ?? -1
            messages = fields.filter { $0.0 == "message" }.map(\.1)
        }
    }

    /// Every case, committed ones copied and generated ones written under `scratch`.
    static func cases(in scratch: String) throws -> [Case] {
        let fileManager = FileManager.default
        for name in try fileManager.contentsOfDirectory(atPath: committed) {
            try fileManager.copyItem(atPath: committed + "/" + name, toPath: scratch + "/" + name)
        }
        try generate(in: scratch)
        return try fileManager.contentsOfDirectory(atPath: scratch).sorted()
            .filter { fileManager.fileExists(atPath: scratch + "/" + $0 + "/expected.txt") }
            .map { try Case(directory: scratch + "/" + $0) }
    }

    private static let oneHost = "[web]\nweb1 ansible_host=192.0.2.1\n"

    /// Writes the cases too large or too special to commit (the numbers are the review's).
    static func generate(in scratch: String) throws {
        func write(_ name: String, _ files: [String: Data], _ expected: String) throws {
            let directory = scratch + "/" + name
            for (path, content) in files.merging(["expected.txt": Data(expected.utf8)], uniquingKeysWith: { $1 }) {
                let full = directory + "/" + path
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try content.write(to: URL(fileURLWithPath: full))
            }
        }
        func chain(_ depth: Int) -> Data {
            Data(((0..<depth).map { "[g\($0):children]\ng\($0 + 1)\n" }.joined() + "[g\(depth)]\nweb1\n").utf8)
        }
        let tooDeep = "message: hosts.ini:2002: group 'g1001' would have more than 1000 ancestor groups\n"
        try write("57-deep-children-20k", ["hosts.ini": chain(20_000)], "input: 20,000-deep `:children` chain\nstatus: 1\n" + tooDeep)
        try write("58-deep-children-200k", ["hosts.ini": chain(200_000)], "input: 200,000-deep chain\nstatus: 1\n" + tooDeep)

        // A fixed pseudo-random sequence, so the case is the same on every run.
        var seed: UInt32 = 1
        let junk = Data((0..<4096).map { _ in seed = seed &* 1_103_515_245 &+ 12345; return UInt8(truncatingIfNeeded: seed >> 16) })
        try write("60-binary-junk", ["hosts.ini": junk], "input: 4 KiB of random bytes\nstatus: 1\nmessage: hosts.ini:\nmessage: not UTF-8 at byte\n")

        var big = Data()
        for index in 0..<1_500_000 {
            big.append(contentsOf: "host\(index) ansible_host=10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)\n".utf8)
        }
        try write("61-50MB-inventory", ["hosts.ini": big],
                  "input: 50 MB INI, 1.5 M host lines, `-l` one host\ncommand: render host1 -i hosts.ini --dry-run\nstatus: 1\n"
                      + "message: hosts.ini: the file has \(big.count) bytes; iptfleet reads files of at most 16777216 bytes\n")
        let line = Data("[web]\n".utf8) + Data(repeating: UInt8(ascii: "a"), count: 50 << 20) + Data("\n".utf8)
        try write("62-50MB-single-line", ["hosts.ini": line],
                  "input: one 50 MB host name\nstatus: 1\nmessage: hosts.ini: the file has \(line.count) bytes\n")

        let nested = { (depth: Int) in String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        try write("66-yaml-deep-nesting", ["hosts.ini": Data(oneHost.utf8), "group_vars/all.yml": Data("x: \(nested(100_000))\n".utf8)],
                  "input: YAML list nested 100,000 deep\nstatus: 1\nmessage: group_vars/all.yml:1: invalid YAML\n")
        try write("67-ini-deep-python-literal", ["hosts.ini": Data("[web]\nweb1 ansible_host=192.0.2.1 x=\(nested(100_000))\n".utf8)],
                  "input: INI `x=[[[…]]]` nested 100,000 deep (kept as a string, as Ansible does)\nstatus: 0\nmessage: ==> web1:\n")
        var list = Data("ssh_allow_cidr: 10.0.0.0/8\nbig_list:\n".utf8)
        for index in 0..<2_000_000 { list.append(contentsOf: "  - item\(index)-xxxxxxxxxx\n".utf8) }
        try write("69-yaml-50MB", ["hosts.ini": Data(oneHost.utf8), "group_vars/all.yml": list],
                  "input: 50 MB group_vars (2 M-item list)\nstatus: 1\nmessage: group_vars/all.yml: the file has \(list.count) bytes\n")
        try write("70-deep-json-extra-vars", ["hosts.ini": Data(oneHost.utf8)],
                  "input: `-e` JSON nested 60,000 deep\ncommand: render all -i hosts.ini --dry-run -e \(nested(60_000))\nstatus: 1\n"
                      + "message: -e '\(String(repeating: "[", count: 80))…':1: invalid YAML\n")

        // A well-formed vault envelope around 1 MiB of ciphertext (4 MiB of text): its HMAC is
        // checked, no more.
        let digits = Array("0123456789abcdef".utf8)
        let hex = { (bytes: [UInt8]) -> String in
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count * 2)
            for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
            return String(decoding: text, as: UTF8.self)
        }
        let inner = hex([UInt8](repeating: 7, count: 32)) + "\n" + hex([UInt8](repeating: 9, count: 32)) + "\n" + hex([UInt8](repeating: 1, count: 1 << 20))
        try write("83-vault-4MB-envelope", ["hosts.ini": Data(oneHost.utf8), "vault-password": Data("pw\n".utf8),
                                             "group_vars/all.yml": Data(("$ANSIBLE_VAULT;1.1;AES256\n" + hex(Array(inner.utf8))).utf8)],
                  "input: a vault file of 4 MiB, well formed\ncommand: render all -i hosts.ini --dry-run --vault-password-file vault-password\nstatus: 1\n"
                      + "message: group_vars/all.yml:1: no vault secret could decrypt this vault-encrypted file\n")

        try writeSpecialFiles(in: scratch, write)
    }

    /// Cases 73-76: symlink loops, a FIFO and `/dev/zero` under `group_vars/all/`.
    private static func writeSpecialFiles(in scratch: String, _ write: (String, [String: Data], String) throws -> Void) throws {
        let fileManager = FileManager.default
        let main = ["hosts.ini": Data(oneHost.utf8), "group_vars/all/main.yml": Data("ssh_allow_cidr: 10.0.0.0/8\n".utf8)]
        try write("73-symlink-loop-group-vars", main, "input: `group_vars/all/loop -> .`\nstatus: 0\nmessage: ==> web1:\n")
        try fileManager.createSymbolicLink(atPath: scratch + "/73-symlink-loop-group-vars/group_vars/all/loop", withDestinationPath: ".")
        try write("74-symlink-loop-branching", main, "input: two loops `a -> .`, `b -> .`\nstatus: 0\nmessage: ==> web1:\n")
        for loop in ["a", "b"] {
            try fileManager.createSymbolicLink(atPath: scratch + "/74-symlink-loop-branching/group_vars/all/" + loop, withDestinationPath: ".")
        }
        let hosts = ["hosts.ini": Data(oneHost.utf8)]
        try write("75-fifo-group-vars", hosts, "input: FIFO as `group_vars/all/main.yml`\nstatus: 1\nmessage: group_vars/all/main.yml: not a regular file (a FIFO)\n")
        try fileManager.createDirectory(atPath: scratch + "/75-fifo-group-vars/group_vars/all", withIntermediateDirectories: true)
        guard mkfifo(scratch + "/75-fifo-group-vars/group_vars/all/main.yml", 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try write("76-dev-zero-group-vars", hosts,
                  "input: `group_vars/all/main.yml -> /dev/zero`\nstatus: 1\nmessage: group_vars/all/main.yml: not a regular file (a character device)\n")
        try fileManager.createDirectory(atPath: scratch + "/76-dev-zero-group-vars/group_vars/all", withIntermediateDirectories: true)
        try fileManager.createSymbolicLink(atPath: scratch + "/76-dev-zero-group-vars/group_vars/all/main.yml", withDestinationPath: "/dev/zero")
    }
}
