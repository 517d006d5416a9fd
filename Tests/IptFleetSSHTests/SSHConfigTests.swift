import Foundation
@testable import IptFleetSSH
import Testing
import TestSupport

/// ssh_config reading: patterns, first value wins, Include, Match, errors with file:line, and the
/// same answers as OpenSSH's own `ssh -G`.
@Suite("ssh_config")
struct SSHConfigTests {
    static let sample = """
        # a comment
        Host web? !web9
            User webuser
            Port 2201
            ProxyJump jump@bastion:2222,other
        Host *.example.com db1
            HostName %h.internal
            User dbuser
            StrictHostKeyChecking accept-new
            UserKnownHostsFile ~/kh1 /tmp/kh2
        Match host foo
            User matched
        Host *
            User fallback
            IdentityFile ~/.ssh/id_%r_%h
            IdentityFile "~/.ssh/common"
            ConnectTimeout=7
            IdentitiesOnly yes
            ControlMaster auto
            ProxyCommand nc -X connect -x proxy:3128 %h %p
        """

    func config(_ text: String = sample, home: String = "/home/op") throws -> SSHConfig {
        try SSHConfig.parse(text, file: "/home/op/.ssh/config", homeDirectory: home)
    }

    @Test func firstValueWinsAndPatternsSelect() throws {
        let config = try config()
        let web1 = config.settings(for: "WEB1").settings
        #expect(web1.user == "webuser" && web1.port == 2201 && web1.connectTimeout == 7 && web1.identitiesOnly == true)
        #expect(web1.identityFiles == ["~/.ssh/id_%r_%h", "~/.ssh/common"])
        #expect(web1.proxyJump == [JumpHostSpec(user: "jump", host: "bastion", port: 2222), JumpHostSpec(host: "other")])
        let web9 = config.settings(for: "web9").settings
        #expect(web9.user == "fallback" && web9.port == nil && web9.proxyJump == nil)
        let db = config.settings(for: "db1").settings
        #expect(db.hostName == "%h.internal" && db.user == "dbuser" && db.strictHostKeyChecking == .acceptNew)
        #expect(db.userKnownHostsFiles == ["~/kh1", "/tmp/kh2"])
        #expect(config.settings(for: "a.example.com").settings.user == "dbuser")
        #expect(config.settings(for: "web10").settings.user == "fallback")
    }

    @Test func matchBlocksAreSkippedWithAWarning() throws {
        let config = try config()
        #expect(config.settings(for: "foo").settings.user == "fallback")
        #expect(config.warnings == ["/home/op/.ssh/config:11: Match blocks are not supported by iptfleet; the lines up to the next Host or Match are ignored"])
    }

    @Test func optionsThatChangeTheRouteAreReportedOthersIgnored() throws {
        let unsupported = try config().settings(for: "web1").unsupported
        #expect(unsupported.map(\.keyword) == ["ProxyCommand"])
        #expect(unsupported.first?.origin.description == "/home/op/.ssh/config:20")
    }

    @Test func aProxyCommandThatIsSSHDashWIsAJumpHost() throws {
        let config = try config("""
            Host a
                ProxyCommand ssh -W %h:%p -q admin@bastion
            Host b
                ProxyCommand /usr/bin/ssh -q -l ops -p 2200 -W [%h]:%p bastion
                ProxyJump ignored
            Host c
                ProxyJump first
                ProxyCommand ssh -W %h:%p second
            Host d
                ProxyCommand ssh -o ForwardAgent=yes -W %h:%p bastion
            Host e
                ProxyCommand none
            """)
        #expect(config.settings(for: "a").settings.proxyJump == [JumpHostSpec(user: "admin", host: "bastion")])
        #expect(config.settings(for: "b").settings.proxyJump == [JumpHostSpec(user: "ops", host: "bastion", port: 2200)])
        #expect(config.settings(for: "c").settings.proxyJump == [JumpHostSpec(host: "first")])
        #expect(config.settings(for: "d").settings.proxyJump == nil)
        #expect(config.settings(for: "d").unsupported.map(\.keyword) == ["ProxyCommand"])
        #expect(config.settings(for: "e").settings.proxyJump == [])
        var arguments = SSHCommandArguments()
        try arguments.read(["-o", "ProxyCommand=ssh -W %h:%p -q bastion"])
        #expect(arguments.settings.proxyJump == [JumpHostSpec(host: "bastion")] && arguments.ignored.isEmpty)
    }

    @Test func wildcards() {
        #expect(SSHConfig.matches("web12", patterns: ["web*"]))
        #expect(SSHConfig.matches("web1", patterns: ["w?b1"]))
        #expect(!SSHConfig.matches("web12", patterns: ["web?"]))
        #expect(!SSHConfig.matches("web1", patterns: ["*", "!web*"]))
        #expect(!SSHConfig.matches("web1", patterns: ["!db*"]))
        #expect(SSHConfig.matches("a.b.example.com", patterns: ["*.example.com"]))
    }

    @Test func includeIsRelativeToDotSSHAndKeepsTheHostContext() throws {
        let home = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.file(".ssh/conf.d"), withIntermediateDirectories: true)
        try "Host inc1\n    User included\nPort 2022\n".write(toFile: home.file(".ssh/conf.d/a.conf"), atomically: true, encoding: .utf8)
        // As `ssh -G` answers for the same files: an Include inside `Host web1` applies only to
        // web1, and the included file's own `Host inc1` must match too.
        try "Include conf.d/*.conf\nHost web1\n    Include conf.d/*.conf\n    User afterinclude\nHost *\n    User last\n"
            .write(toFile: home.file(".ssh/config"), atomically: true, encoding: .utf8)
        let config = try SSHConfig.load(path: "~/.ssh/config", homeDirectory: home.path)
        #expect(config.settings(for: "inc1").settings.user == "included")
        #expect(config.settings(for: "inc1").settings.port == 2022)
        #expect(config.settings(for: "web1").settings.user == "afterinclude")
        #expect(config.settings(for: "web1").settings.port == nil)
        #expect(config.settings(for: "other").settings.user == "last")
    }

    @Test func aMissingDefaultFileIsEmptyButANamedOneMustExist() throws {
        let config = try SSHConfig.load(path: "/nonexistent/config", homeDirectory: "/root")
        #expect(config.settings(for: "x").settings == SSHHostSettings())
        #expect(throws: SSHConfigError(origin: nil, file: "/nonexistent/config", message: "no such file")) {
            try SSHConfig.load(path: "/nonexistent/config", homeDirectory: "/root", required: true)
        }
        #expect(SSHConfigError(origin: nil, file: "/nonexistent/config", message: "no such file").description == "/nonexistent/config: no such file")
    }

    @Test(arguments: [
        ("Host web1\n    Port eighty\n", "/c:2: Port needs a number from 1 to 65535, got 'eighty'"),
        ("Port 70000\n", "/c:1: Port needs a number from 1 to 65535, got '70000'"),
        ("Host\n", "/c:1: Host needs at least one pattern"),
        ("IdentitiesOnly maybe\n", "/c:1: IdentitiesOnly must be yes or no, got 'maybe'"),
        ("StrictHostKeyChecking sometimes\n", "/c:1: StrictHostKeyChecking must be yes, accept-new, no, off or ask, got 'sometimes'"),
        ("ConnectTimeout soon\n", "/c:1: ConnectTimeout needs a number of seconds, got 'soon'"),
        ("ProxyJump user@\n", "/c:1: ProxyJump hop 'user@' is not [user@]host[:port]"),
        ("ProxyJump host:99999\n", "/c:1: ProxyJump hop 'host:99999' is not [user@]host[:port]"),
        ("User\n", "/c:1: User needs a value"),
        ("HostName a b\n", "/c:1: HostName takes one value, got 2"),
        ("User \"root\n", "/c:1: no closing quotation (\")"),
        ("Include\n", "/c:1: Include needs a file name"),
    ])
    func badLinesNameFileAndLine(text: String, message: String) {
        #expect(throws: SSHConfigError.self) { try SSHConfig.parse(text, file: "/c", homeDirectory: "/root") }
        do {
            _ = try SSHConfig.parse(text, file: "/c", homeDirectory: "/root")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func includeLoopIsAnError() throws {
        let home = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.file(".ssh"), withIntermediateDirectories: true)
        try "Include config\n".write(toFile: home.file(".ssh/config"), atomically: true, encoding: .utf8)
        do {
            _ = try SSHConfig.load(path: "~/.ssh/config", homeDirectory: home.path)
            Issue.record("an Include loop was accepted")
        } catch {
            #expect(error.description == "\(home.file(".ssh/config")):1: Include nested more than 16 deep (a loop?)")
        }
    }

    @Test func jumpHostSpecs() throws {
        #expect(try JumpHostSpec.parse("ssh://admin@[2001:db8::1]:2200") == JumpHostSpec(user: "admin", host: "2001:db8::1", port: 2200))
        #expect(try JumpHostSpec.parse("2001:db8::1") == JumpHostSpec(host: "2001:db8::1"))
        #expect(try JumpHostSpec.parse("bastion") == JumpHostSpec(host: "bastion"))
        #expect(try JumpHostSpec.parseList("none") == [])
        #expect(JumpHostSpec(user: "a", host: "::1", port: 22).description == "a@[::1]:22")
        #expect(throws: SSHOptionError("ProxyJump hop 'b:0' is not [user@]host[:port]")) { try JumpHostSpec.parse("b:0") }
    }

    @Test func tokensAreExpanded() {
        let path = SSHHostSettings.expandTokens("~/.ssh/%r@%h:%p-%n-%u-%d-%%-%x", host: "10.0.0.5", originalHost: "web1", port: 2222,
                                                user: "deploy", localUser: "op", home: "/home/op")
        #expect(path == "/home/op/.ssh/deploy@10.0.0.5:2222-web1-op-/home/op-%-%x")
    }

    /// OpenSSH's own reading of the same file (`ssh -G -F FILE HOST`) for the options iptfleet uses
    /// (not for `foo`, which only the skipped `Match` block selects).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh"), "needs /usr/bin/ssh (openssh-client)"),
          arguments: ["web1", "web9", "db1", "x.example.com", "unrelated"])
    func agreesWithSSHDashG(host: String) throws {
        let directory = TemporaryDirectory()
        let file = directory.file("config")
        try Self.sample.write(toFile: file, atomically: true, encoding: .utf8)
        let home = NSHomeDirectory()
        let settings = try SSHConfig.load(path: file, homeDirectory: home).settings(for: host).settings
        let output = try ProcessRunner.check(["/usr/bin/ssh", "-G", "-F", file, host])
        var openssh: [String: [String]] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { openssh[parts[0], default: []].append(parts[1]) }
        }
        let localUser = ProcessInfo.processInfo.userName
        let hostName = settings.hostName.map { SSHHostSettings.expandTokens($0, host: host, originalHost: host, port: 22, user: "", localUser: localUser, home: home) } ?? host
        #expect(openssh["hostname"] == [hostName])
        #expect(openssh["user"] == [settings.user ?? localUser])
        #expect(openssh["port"] == [String(settings.port ?? 22)])
        #expect(openssh["connecttimeout"] == [settings.connectTimeout.map(String.init) ?? "none"])
        #expect(openssh["stricthostkeychecking"] == [settings.strictHostKeyChecking?.rawValue ?? "ask"])
        #expect(openssh["identitiesonly"] == [settings.identitiesOnly == true ? "yes" : "no"])
        #expect(openssh["proxyjump"] == settings.proxyJump.map { [$0.map(\.description).joined(separator: ",")] })
        if !settings.identityFiles.isEmpty { #expect(openssh["identityfile"] == settings.identityFiles) }
        if let files = settings.userKnownHostsFiles {
            #expect(openssh["userknownhostsfile"] == [files.map { $0.hasPrefix("~/") ? home + $0.dropFirst() : $0 }.joined(separator: " ")])
        }
    }
}

/// `ansible_ssh_common_args`-style ssh command lines.
@Suite("ssh command-line arguments")
struct SSHCommandArgumentsTests {
    @Test func readsTheOptionsIptfleetHonoursAndListsTheRest() throws {
        var arguments = SSHCommandArguments()
        try arguments.read(["-o", "StrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-o", "ControlMaster=auto",
                            "-o", "ControlPersist 60s", "-J", "admin@bastion:2200", "-i", "/k", "-p2222", "-l", "deploy",
                            "-C", "-qA", "-F", "/etc/other", "-o", "User=ignored-second"])
        let settings = arguments.settings
        #expect(settings.strictHostKeyChecking == SSHHostSettings.StrictHostKeyChecking.no)
        #expect(settings.userKnownHostsFiles == ["/dev/null"])
        #expect(settings.proxyJump == [JumpHostSpec(user: "admin", host: "bastion", port: 2200)])
        #expect(settings.identityFiles == ["/k"] && settings.port == 2222 && settings.user == "deploy")
        #expect(arguments.ignored == ["ControlMaster", "ControlPersist", "-C", "-q", "-A", "-F"])
    }

    @Test(arguments: [
        (["-o", "Port=abc"], "-o Port=abc: Port needs a number from 1 to 65535, got 'abc'"),
        (["-J"], "-J needs a value"),
        (["web1"], "'web1' is not an ssh option (a host name or command does not belong here)"),
        (["-o", ""], "-o needs an option"),
    ])
    func badArguments(words: [String], message: String) {
        var arguments = SSHCommandArguments()
        #expect(throws: SSHOptionError(message)) { try arguments.read(words) }
    }
}

@Suite("ssh_config files")
struct SSHConfigFileTests {
    @Test func aDirectoryGivenAsTheFileCannotBeRead() throws {
        let directory = TemporaryDirectory()
        do {
            _ = try SSHConfig.load(path: directory.path, homeDirectory: "/root", required: true)
            Issue.record("read a directory as an ssh_config")
        } catch {
            #expect(error.description.hasPrefix("\(directory.path): cannot read it: "), "\(error)")
        }
    }
}
