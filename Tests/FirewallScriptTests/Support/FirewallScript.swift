import Foundation
import TestSupport
import IptFleetCore

/// The host-side script rendered through iptfleet's own API for one `TestPolicy`, written to a
/// private directory together with its state directory, ready to run inside a namespace.
final class FirewallScript {
    let scratch = TemporaryDirectory()
    let path: String
    let content: String
    /// Where the script keeps its backups (IPTABLES_DOCKER_STATE_DIR).
    var stateDirectory: String { scratch.file("state") }

    /// Renders the script for `policy`; `edit` may change the rendered text (to break it on purpose).
    init(_ policy: TestPolicy, edit: (String) -> String = { $0 }) throws {
        content = edit(try Self.render(policy))
        path = try scratch.write("iptables-docker.sh", content, mode: 0o700)
    }

    static func render(_ policy: TestPolicy) throws -> String {
        var variables = try DefaultVariables.load(directory: "\(Repository.root)/GroupVars")
        variables.override(with: try ExtraVars.parse([policy.extraVars]))
        let outcome = HostConfigurationBuilder().build(host: "lab-host", variables: variables)
        guard let configuration = outcome.configuration else {
            throw ProcessRunner.Failure.failed(ProcessRunner.Result(arguments: ["render"], status: 1, stdout: "", stderr: "\(outcome.errors)"))
        }
        let files = try HostFileRenderer(templatesDirectory: "\(Repository.root)/Templates").render(configuration)
        guard let script = files.first(where: { $0.path.hasSuffix("/iptables-docker.sh") }) else {
            throw ProcessRunner.Failure.failed(ProcessRunner.Result(arguments: ["render"], status: 1, stdout: "", stderr: "no iptables-docker.sh in the manifest"))
        }
        return script.content
    }

    /// Runs `sh script VERB` in `namespace`, with `awk` (a path) first in PATH as `awk` and
    /// `shell` as the interpreter; `environment` adds variables (e.g. IPTABLES_DOCKER_BACKEND).
    func run(_ verb: String, in namespace: NetworkNamespace, awk: String = "/usr/bin/mawk",
             shell: [String] = ["/bin/sh"], environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        let bin = scratch.file("bin-\(URL(fileURLWithPath: awk).lastPathComponent)")
        if !FileManager.default.fileExists(atPath: bin) {
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(bin)/awk", withDestinationPath: awk)
        }
        let path = "\(bin):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        var variables = ["IPTABLES_DOCKER_STATE_DIR": stateDirectory, "PATH": path]
        variables.merge(environment) { $1 }
        return try namespace.run(["env"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + shell + [self.path, verb], timeout: 120)
    }
}
