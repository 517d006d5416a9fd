import Foundation
import Testing
import TestSupport

/// The repository's own shell scripts (`Scripts/lab`, `Scripts/test`, `Scripts/package-deb`, …)
/// pass `shellcheck -S style` (Debian package shellcheck) without a single finding, as the
/// firewall script does; a disable in a script says why on its line.
@Suite("shellcheck of Scripts/")
struct ScriptShellcheckTests {
    /// The files in Scripts/ whose first line names a shell (`#!/bin/sh`, `#!/usr/bin/env bash`, …).
    static var scripts: [String] {
        let directory = Repository.path("Scripts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().filter { name in
            guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8),
                  let first = text.split(separator: "\n", maxSplits: 1).first, first.hasPrefix("#!") else { return false }
            return ["sh", "bash", "dash"].contains(first.split(separator: "/").last?.split(separator: " ").last.map(String.init) ?? "")
        }
    }

    @Test func everyShellScriptIsFound() {
        #expect(Set(["ansible-venv", "build-libssh2", "install-deps", "lab", "package-deb", "test"]).isSubset(of: Self.scripts),
                "\(Self.scripts)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck"), "needs shellcheck (Debian package shellcheck)"),
          arguments: scripts)
    func scriptHasNoFindings(_ name: String) throws {
        let result = try ProcessRunner.run(["shellcheck", "-S", "style", "-x", Repository.path("Scripts/" + name)])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result)")
    }
}
