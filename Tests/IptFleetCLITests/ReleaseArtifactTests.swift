import Foundation
import TestSupport
import Testing

/// What `Scripts/package-deb` asks of the binary: a version, completion scripts for three
/// shells, and the help dump that generate-manual turns into the man page.
struct ReleaseArtifactTests {
    @Test func versionIsOneLine() throws {
        let result = try CommandLineTests.run(["--version"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1 && !(lines.first ?? "").isEmpty, "\(result)")
    }

    @Test(arguments: [("bash", "complete -o filenames -F _iptfleet iptfleet"), ("zsh", "#compdef iptfleet"), ("fish", "complete -c 'iptfleet'")])
    func completionScript(shell: String, marker: String) throws {
        let result = try CommandLineTests.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains(marker), "\(result.stdout.prefix(400))")
        for subcommand in ["deploy", "uninstall", "status", "ping", "render", "inventory", "history"] {
            #expect(result.stdout.contains(subcommand), "\(shell) completion lacks \(subcommand)")
        }
    }

    @Test func helpDumpDescribesEveryCommandForTheManPage() throws {
        let result = try CommandLineTests.run(["--experimental-dump-help"])
        #expect(result.status == 0)
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        let names = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        #expect(Set(names).isSuperset(of: ["deploy", "uninstall", "status", "ping", "render", "inventory", "history"]), "\(names)")
    }
}
