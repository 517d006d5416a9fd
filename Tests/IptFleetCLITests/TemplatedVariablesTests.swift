import Foundation
import TestSupport
import Testing

/// Jinja2 in variable values, end to end: `vars`, `vars --json` and `render` see the values a
/// play would see; `inventory --host` stays raw; a broken template is an error with file and
/// line only where it is used.
struct TemplatedVariablesTests {
    static let project: [String: String] = [
        "inventory/hosts.ini": "[web]\nw1 ansible_host=\"{{ inventory_hostname }}.mgmt\" http_port=8080\n",
        "inventory/group_vars/web.yml": """
            office_cidr: 10.20.0.0/16
            ssh_allow_cidr: "{{ office_cidr }}"
            ansible_port: "{{ 2200 + 22 }}"
            iptables_allow_rules:
              - {desc: web, proto: tcp, port: "{{ http_port }}", from: "{{ [office_cidr, '192.0.2.0/24'] }}"}
            unrelated_broken: "{{ nothing_defines_this }}"

            """,
    ]

    @Test func varsAndRenderSeeTemplatedValues() throws {
        let directory = try CommandLineTests.temporaryDirectory(Self.project)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try CommandLineTests.run(["vars", "w1", "-i", "inventory/hosts.ini"], in: directory)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("ssh_allow_cidr = \"10.20.0.0/16\"  # inventory/group_vars/web.yml:2"), "\(text.stdout)")
        #expect(text.stdout.contains("ansible_port = 2222  # inventory/group_vars/web.yml:3"), "\(text.stdout)")
        #expect(text.stdout.contains("ansible_host = \"w1.mgmt\"  # inventory/hosts.ini:2"), "\(text.stdout)")

        let json = try CommandLineTests.run(["vars", "w1", "-i", "inventory/hosts.ini", "--json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["ansible_port"] as? Int == 2222)
        #expect(document["http_port"] as? Int == 8080)
        let broken = try #require(document["unrelated_broken"] as? [String: String])
        #expect(broken["__error__"]?.contains("web.yml:6: cannot template 'unrelated_broken': 'nothing_defines_this' is undefined") == true, "\(broken)")

        // ansible-inventory shows values as written; so does `inventory --host`.
        let host = try CommandLineTests.run(["inventory", "-i", "inventory/hosts.ini", "--host", "w1"], in: directory)
        #expect(host.stdout.contains("\"ssh_allow_cidr\": \"{{ office_cidr }}\""), "\(host.stdout)")

        // The broken variable no firewall setting uses does not stop the render.
        let render = try CommandLineTests.run(["render", "w1", "-i", "inventory/hosts.ini", "--dry-run"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdout.contains("10.20.0.0/16"))
        #expect(render.stdout.contains("2222"))
        #expect(!render.stdout.contains("{{"), "no template text may reach a rendered file")
    }

    @Test func aBrokenTemplateInAFirewallVariableIsAnErrorWithFileAndLine() throws {
        var files = Self.project
        files["inventory/host_vars/w1.yml"] = "---\nswarm_cidr: \"{{ office_cidr | ipaddr('network') }}\"\n"
        let directory = try CommandLineTests.temporaryDirectory(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let render = try CommandLineTests.run(["render", "w1", "-i", "inventory/hosts.ini", "--dry-run"], in: directory)
        #expect(render.status == 1)
        #expect(render.stderr.contains("inventory/host_vars/w1.yml:2: host 'w1': swarm_cidr: filter 'ipaddr' is not supported by iptfleet"), "\(render.stderr)")
        #expect(!render.stderr.contains("has no value"), "the variable is reported once, as not templated")
    }
}
