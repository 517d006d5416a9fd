import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

/// Templates and defaults that someone else can write to are refused before they are read:
/// they become what runs as root on every host (security review F3).
struct ResourceTrustTests {
    /// A private copy of the shipped templates in a fresh directory.
    private func templatesCopy(_ scratch: TemporaryDirectory) throws -> String {
        let copy = scratch.path + "/Templates"
        try FileManager.default.copyItem(atPath: Repository.path("Templates"), toPath: copy)
        return copy
    }

    private func refusal(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "accepted"
    }

    @Test func theShippedTemplatesAndDefaultsAreTrusted() throws {
        _ = try HostFileRenderer(templatesDirectory: Repository.path("Templates"))
        _ = try DefaultVariables.load(directory: Repository.path("GroupVars"))
    }

    @Test func aDirectoryOrFileOthersCanWriteIsRefused() throws {
        let scratch = TemporaryDirectory()
        let templates = try templatesCopy(scratch)
        chmod(templates, 0o775)
        #expect(refusal { _ = try HostFileRenderer(templatesDirectory: templates) }
                == "\(templates): not trusted as templates: mode 0775 lets others write to it; iptfleet renders templates into what runs as root on every host, so they must be owned by root or you and writable by no one else (chown, chmod go-w)")
        chmod(templates, 0o755)
        chmod(templates + "/iptables-docker.sh", 0o666)
        #expect(refusal { _ = try HostFileRenderer(templatesDirectory: templates) }.hasPrefix("\(templates)/iptables-docker.sh: not trusted as templates: mode 0666 lets others write to it"))
        chmod(templates + "/iptables-docker.sh", 0o644)
        _ = try HostFileRenderer(templatesDirectory: templates)
    }

    @Test func aParentOthersCanWriteIsRefusedUnlessItIsSticky() throws {
        let scratch = TemporaryDirectory()
        let templates = try templatesCopy(scratch)
        chmod(scratch.path, 0o777)
        #expect(refusal { _ = try HostFileRenderer(templatesDirectory: templates) }.hasPrefix("\(scratch.path): not trusted as templates: mode 0777"))
        chmod(scratch.path, 0o1777)
        _ = try HostFileRenderer(templatesDirectory: templates)
        chmod(scratch.path, 0o700)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give a file to another user"))
    func filesOwnedBySomeoneElseAreRefused() throws {
        let scratch = TemporaryDirectory()
        let defaults = try scratch.write("GroupVars/all.yml", "docker_preserve: yes\n")
        chown(defaults, 65534, 65534)
        #expect(refusal { _ = try DefaultVariables.load(directory: scratch.path + "/GroupVars") }
                == "\(defaults): not trusted as defaults: it is owned by uid 65534, neither root nor you (uid 0); iptfleet renders defaults into what runs as root on every host, so they must be owned by root or you and writable by no one else (chown, chmod go-w)")
    }
}
