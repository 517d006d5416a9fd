import Foundation
import TestSupport
import Testing
@testable import IptFleetCore

struct RenderTests {
    private func render(_ yaml: String = "{}", templates: String = Repository.path("Templates")) throws -> [RenderedFile] {
        let configuration = try #require(try PolicyFixture.outcome(yaml).configuration)
        return try HostFileRenderer(templatesDirectory: templates).render(configuration)
    }

    @Test func shippedTemplatesGiveTheScriptTheUnitAndTheDockerDropIn() throws {
        let files = try render()
        #expect(files.map(\.path) == ["/usr/local/sbin/iptables-docker.sh", "/etc/systemd/system/iptables-docker.service",
                                      "/etc/systemd/system/docker.service.d/iptables-docker.conf"])
        #expect(files.map(\.modeString) == ["0700", "0644", "0644"])
        #expect(files.map(\.role) == [.script, .unit("iptables-docker.service"), .dropIn("docker.service")])
        #expect(files.allSatisfy { $0.owner == "root" && $0.group == "root" })
        #expect(files[0].content.hasPrefix("#!/bin/sh"))
        #expect(files[1].content.contains("ExecStart=/usr/local/sbin/iptables-docker.sh start"))
        #expect(files[2].content.contains("ExecStartPost=-/bin/sh -c 'systemctl is-active --quiet iptables-docker.service && exec /usr/local/sbin/iptables-docker.sh restart'"))
    }

    @Test func checksumIsSHA256OfTheContent() {
        let file = RenderedFile(path: "/x", owner: "root", group: "root", mode: 0o600, content: "abc", role: .file)
        #expect(file.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func renderingIsDeterministicAndFollowsTheVariables() throws {
        #expect(try render() == render())
        #expect(try render("ansible_port: 2222\n")[0].content != render()[0].content)
    }

    /// The switches render as the 1 or 0 the firewall script's variables hold, and `{% if %}`
    /// still reads them as on and off.
    @Test(arguments: [("{}", "1 1 1 0 0:on"), ("{docker_preserve: no, iptables_ipv6: no, swarm_enabled: yes, swarm_overlay_encryption: yes, enable_icmp_messages: no}", "0 0 0 1 1:off")])
    func switchesRenderAsOneOrZero(yaml: String, rendered: String) throws {
        let directory = TemporaryDirectory()
        try directory.write("manifest.yml", "files:\n  - {template: t, path: /etc/t, mode: \"0600\", role: file}\n")
        try directory.write("t", "{{ docker_preserve }} {{ ipv6_enabled }} {{ icmp_enabled }} {{ swarm_enabled }} {{ swarm_overlay_encryption }}:"
                            + "{% if docker_preserve %}on{% else %}off{% endif %}")
        let content = try render(yaml, templates: directory.path).first?.content
        #expect(content == rendered)
    }

    @Test func userTemplatesDirectoryWithItsOwnManifest() throws {
        let directory = TemporaryDirectory()
        try directory.write("manifest.yml", """
            files:
              - template: rules.txt
                path: /etc/iptfleet/rules.txt
                mode: "0600"
                role: file
            """)
        try directory.write("rules.txt", """
            ssh {{ ssh_port }} from {{ ssh_sources_v4|join:"," }}
            {% for rule in allow_rules %}{{ rule.desc }} {{ rule.proto }}/{{ rule.ports }} multiport={{ rule.multiport }}
            {% endfor %}
            """)
        let files = try render("""
            ansible_port: 2200
            ssh_allow_cidr: [10.0.0.0/8, 192.168.0.0/16]
            iptables_allow_rules: [{desc: web, proto: tcp, port: "80,443"}]
            """, templates: directory.path)
        #expect(files == [RenderedFile(path: "/etc/iptfleet/rules.txt", owner: "root", group: "root", mode: 0o600,
                                       content: "ssh 2200 from 10.0.0.0/8,192.168.0.0/16\nweb tcp/80,443 multiport=true\n", role: .file)])
    }

    @Test(arguments: [
        ("files:\n  - {template: a, path: relative/path, mode: \"0600\", role: file}\n", "must be an absolute path"),
        ("files:\n  - {template: a, path: /x, mode: \"rwx\", role: file}\n", "must be four octal digits"),
        ("files:\n  - {template: missing, path: /x, mode: \"0600\", role: file}\n", "does not exist"),
        ("nothing: here\n", "cannot read the templates manifest"),
    ])
    func badManifestsAreRejected(manifest: String, message: String) throws {
        let directory = TemporaryDirectory()
        try directory.write("manifest.yml", manifest)
        try directory.write("a", "x")
        let error = #expect(throws: RenderError.self) { try HostFileRenderer(templatesDirectory: directory.path) }
        #expect(error?.message.contains(message) == true, "\(error?.description ?? "")")
    }

    /// Each file says what it is (`role`); a missing, unknown or impossible role is an error at
    /// its line, before anything is rendered.
    @Test(arguments: [
        ("    role: script\n  - template: a\n    path: /u\n    mode: \"0644\"\n", 6, "/u has no role; give it role: script, unit, drop-in or file"),
        ("    role: scirpt\n", 5, "/s has role 'scirpt'; give it role: script, unit, drop-in or file"),
        ("    role: unit\n", 5, "/s has role: unit, so it must be a systemd service file (NAME.service)"),
        ("    role: drop-in\n", 5, "/s has role: drop-in, so it must be at …/NAME.d/FILE.conf"),
        ("    role: script\n  - template: a\n    path: /t\n    mode: \"0644\"\n    role: script\n", 9, "/t has role: script, as /s has; only one file can"),
    ])
    func everyFileHasOneValidRole(rest: String, line: Int, message: String) throws {
        let directory = TemporaryDirectory()
        try directory.write("manifest.yml", "files:\n  - template: a\n    path: /s\n    mode: \"0700\"\n" + rest)
        try directory.write("a", "x")
        let error = #expect(throws: RenderError.self) { try HostFileRenderer(templatesDirectory: directory.path) }
        #expect(error?.message == message, "\(error?.description ?? "")")
        #expect(error?.origin == VariableOrigin(file: directory.file("manifest.yml"), line: line))
    }
}
