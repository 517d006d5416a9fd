import Foundation
import TestSupport
import Testing

/// Every message of Docs/troubleshooting.md that bad input on the command line produces,
/// produced here by running the binary (see `ErrorCatalogTests`, which checks the list).
struct ErrorMessageTests {
    /// One bad input: files of a scratch directory (`$DIR` in arguments and expected text is its
    /// path), the command line, the exit status and what standard error must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        let files: [String: String]
        let arguments: [String]
        let status: Int32
        let message: String
        var testDescription: String { message }
    }

    static let hosts = ["hosts.ini": "[web]\nw1\n"]
    static func render(_ files: [String: String], _ extra: [String] = [], _ message: String, status: Int32 = 1) -> Case {
        Case(files: files, arguments: ["render", "all", "-i", "$DIR/hosts.ini"] + extra, status: status, message: message)
    }
    static func vars(_ yaml: String, _ message: String) -> Case {
        render(hosts.merging(["host_vars/w1.yml": yaml]) { $1 }, [], message)
    }
    static let manifest = "files:\n  - template: t\n    path: /etc/t\n    mode: \"0644\"\n    role: file\n"

    static let cases: [Case] = [
        // Command line (usage errors: exit 64).
        Case(files: hosts, arguments: ["deploy", "-i", "$DIR/hosts.ini", "--forks", "0"], status: 64, message: "--forks must be at least 1"),
        Case(files: hosts, arguments: ["deploy", "-i", "$DIR/hosts.ini", "--timeout", "0"], status: 64, message: "--timeout must be at least 1 second"),
        Case(files: hosts, arguments: ["render", "all"], status: 64, message: "no inventory given: use -i hosts.ini"),
        Case(files: hosts, arguments: ["deploy", "-i", "$DIR/hosts.ini", "--confirm-timeout", "2"], status: 64, message: "--confirm-timeout must be between 5 and 3600 seconds"),
        Case(files: hosts, arguments: ["deploy", "-i", "$DIR/hosts.ini", "--max-fail-percentage", "101"], status: 64, message: "--max-fail-percentage must be between 0 and 100"),
        Case(files: hosts, arguments: ["rollback", "-i", "$DIR/hosts.ini", "--serial", "1,0"], status: 64, message: "--serial '1,0': '0' is not a host count (1 or more) or a percentage (1% to 100%)"),
        Case(files: hosts, arguments: ["inventory", "-i", "$DIR/hosts.ini"], status: 64, message: "choose exactly one of --list, --graph or --host NAME"),
        Case(files: hosts, arguments: ["inventory", "-i", "$DIR/hosts.ini", "--list", "web"], status: 64, message: "a GROUP argument goes with --graph"),
        Case(files: hosts, arguments: ["render", "all", "-i", "$DIR/hosts.ini", "--dry-run", "--out", "$DIR/out"], status: 64,
             message: "--dry-run and --out exclude each other"),
        Case(files: [:], arguments: ["history", "-n", "0"], status: 64, message: "-n must be at least 1"),
        Case(files: hosts, arguments: ["ping", "-i", "$DIR/hosts.ini", "--log-file", "$DIR/missing/run.log"], status: 1,
             message: "cannot open log file $DIR/missing/run.log: No such file or directory"),
        // Inventory files.
        render(["hosts.ini": "[web:vars]\nnot-an-assignment\n"], [], "hosts.ini:2: expected key=value in [web:vars], got 'not-an-assignment'"),
        render(["hosts.ini": "[ghost:vars]\nx=1\n"], [], "hosts.ini:1: section [ghost:vars] is not valid for undefined group 'ghost'"),
        render(["hosts.ini": "[prod:children]\nnosuch\n"], [], "hosts.ini:2: section [prod:children] includes undefined group 'nosuch'"),
        render(["hosts.ini": "[bad group]\nw1\n"], [],
               "hosts.ini:1: invalid section entry '[bad group]': a section is [group], [group:children] or [group:vars], without spaces or other invalid characters"),
        render(["hosts.ini": "[web:bogus]\n"], [], "hosts.ini:1: section [web:bogus] has unknown type 'bogus' (expected hosts, children or vars)"),
        render(["hosts.ini": "[a:children]\nb c\n"], [], "hosts.ini:2: expected a group name, got 'b c'"),
        render(["hosts.ini": "w1 motd=\"open\n"], [], "hosts.ini:1: cannot parse host definition 'w1 motd=\"open': "),
        render(["hosts.ini": "w1 novalue\n"], [], "hosts.ini:1: expected key=value host variable assignment, got 'novalue'"),
        render(["hosts.ini": "[a:children]\na\n"], [], "hosts.ini:2: group 'a' cannot be a child of itself"),
        render(["hosts.ini": "[a:children]\nb\n[b:children]\na\n"], [],
               "hosts.ini:4: adding group 'a' as a child of 'b' creates a dependency loop (a is already an ancestor of b)"),
        render(["hosts.ini": "[web]\nw1\n[web:vars]\nansible_group_priority=high\n"], [], "hosts.ini:4: ansible_group_priority must be an integer, got "),
        Case(files: [:], arguments: ["render", "all", "-i", "$DIR/nothing.ini"], status: 1, message: "$DIR/nothing.ini: inventory source not found"),
        render(["hosts.ini": "[web]\n../x\n"], [], "hosts.ini:2: invalid host name '../x': contains '/'; a host name may not hold a path separator"),
        render(["hosts.ini": "# nothing yet\n"], [], "hosts.ini: the inventory has no hosts"),
        render(hosts, ["-e", "@$DIR/missing.yml"], "$DIR/missing.yml: cannot read file: No such file or directory"),
        Case(files: ["hosts.yml": "all:\n  hosts:\n    w1:\n  children: [web]\n"], arguments: ["render", "all", "-i", "$DIR/hosts.yml"], status: 1,
             message: "hosts.yml:4: 'children' of group 'all' must be a mapping, not a list"),
        // Vars files.
        render(hosts.merging(["group_vars/all.yml": "- a\n- b\n"]) { $1 }, [],
               "group_vars/all.yml:1: a vars file must hold a mapping of variable names to values, not a list"),
        render(hosts.merging(["group_vars/all.yml": "a: [1,\nb: 2\n"]) { $1 }, [], "invalid YAML (column "),
        render(hosts.merging(["group_vars/all.yml": "? [a, b]\n: 1\n"]) { $1 }, [], "a mapping key must be a plain value, not a list or mapping"),
        render(hosts.merging(["group_vars/all.yml": "<<: 5\n"]) { $1 }, [], "a merge key (<<) takes a mapping or a list of mappings"),
        render(hosts, ["--defaults", "$DIR"], "$DIR: no defaults found (expected all.yml in this directory)"),
        // -e and --limit.
        render(hosts, ["-e", "a=\"unclosed"], "cannot parse -e 'a=\"unclosed': "),
        render(hosts, ["-e", "{bad: [1"], "-e '{bad: [1':2: invalid YAML (column 1): "),
        render(hosts, ["-e", "justaword"], "-e expects key=value, @file or a YAML/JSON mapping, got 'justaword'"),
        Case(files: hosts, arguments: ["render", "@$DIR/no-such-limit-file", "-i", "$DIR/hosts.ini"], status: 1,
             message: "$DIR/no-such-limit-file: cannot read the limit file"),
        Case(files: hosts, arguments: ["render", "web[5]", "-i", "$DIR/hosts.ini"], status: 1,
             message: "no hosts matched the subscripted pattern 'web[5]' (it has 1 hosts)"),
        Case(files: hosts, arguments: ["render", "~[(", "-i", "$DIR/hosts.ini"], status: 1, message: "invalid host pattern regex '~[('"),
        // Variable values.
        vars("iptables_backup_keep: 0\n", "host 'w1': iptables_backup_keep: expected an integer from 1 to 1000, got 0"),
        vars("ansible_host: \"\"\n", "host 'w1': ansible_host: expected a non-empty string, got \"\""),
        vars("firewall_services: 5\n", "host 'w1': firewall_services: expected a list of names, got 5"),
        vars("ssh_allow_cidr: nonsense\n",
             "host 'w1': ssh_allow_cidr: \"nonsense\" is not a valid IPv4 or IPv6 network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)"),
        vars("ssh_allow_cidr: []\n", "host 'w1': ssh_allow_cidr: needs at least one network; use 0.0.0.0/0 for anyone"),
        vars("iptables_allow_rules: 5\n", "host 'w1': iptables_allow_rules: expected a list of rules ({desc, proto, port, from}), got 5"),
        vars("iptables_allow_rules:\n  - {desc: \(String(repeating: "x", count: 201)), proto: tcp, port: 80}\n",
             "host 'w1': iptables_allow_rules[0].desc: is 201 characters long; iptables comments hold at most 200 here"),
        Case(files: hosts.merging(["host_vars/w1.yml": "ebable_icmp_messages: yes\nenable_icmp_messages: no\n"]) { $1 },
             arguments: ["render", "all", "-i", "$DIR/hosts.ini"], status: 0,
             message: "host_vars/w1.yml:2: host 'w1': enable_icmp_messages: both 'ebable_icmp_messages' (upstream spelling) and 'enable_icmp_messages' are set; 'enable_icmp_messages' wins"),
        // Templates (--templates).
        render(hosts.merging(["t/placeholder": ""]) { $1 }, ["--templates", "$DIR/t"], "t/manifest.yml: cannot read the templates manifest: "),
        render(hosts.merging(["t/manifest.yml": manifest.replacingOccurrences(of: "/etc/t", with: "etc/t"), "t/t": "x"]) { $1 }, ["--templates", "$DIR/t"],
               "'etc/t' must be an absolute path without '..' or spaces"),
        render(hosts.merging(["t/manifest.yml": manifest.replacingOccurrences(of: "\"0644\"", with: "\"644\""), "t/t": "x"]) { $1 }, ["--templates", "$DIR/t"],
               "mode '644' of /etc/t must be four octal digits, e.g. \"0700\""),
        render(hosts.merging(["t/manifest.yml": manifest]) { $1 }, ["--templates", "$DIR/t"], "template 't' does not exist in $DIR/t"),
        render(hosts.merging(["t/manifest.yml": manifest.replacingOccurrences(of: "    role: file\n", with: ""), "t/t": "x"]) { $1 }, ["--templates", "$DIR/t"],
               "t/manifest.yml:2: /etc/t has no role; give it role: script, unit, drop-in or file"),
        render(hosts.merging(["t/manifest.yml": manifest, "t/t": "{% if %}"]) { $1 }, ["--templates", "$DIR/t"], "t/t: template error: "),
    ]

    @Test(arguments: cases)
    func badInputSaysWhatIsWrong(_ item: Case) throws {
        let directory = try CommandLineTests.temporaryDirectory(item.files)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = item.arguments.map { $0.replacingOccurrences(of: "$DIR", with: directory) }
        let result = try CommandLineTests.run(arguments)
        #expect(result.status == item.status, "\(result)")
        #expect(result.stderr.contains(item.message.replacingOccurrences(of: "$DIR", with: directory)), "\(result)")
    }
}
