import Testing
import TestSupport
@testable import IptFleetCore

/// The Jinja2 expression engine: lexer, parser, evaluator, and the per-host templater's
/// laziness, loop detection and error locations. (Conformance with ansible-core itself is
/// JinjaConformanceTests.)
struct TemplatingTests {
    /// A templater over one inventory (`hosts`, INI) whose every host also has `yaml`'s variables,
    /// reported as set in "vars.yml".
    static func templater(_ yaml: String, hosts: String = "h1\n") throws -> HostVariableTemplater {
        let directory = TemporaryDirectory()
        try directory.write("hosts.ini", hosts)
        let loaded = try InventoryLoader(ansibleInventory: nil).load(sources: [directory.path + "/hosts.ini"])
        let variables = try VarsFileLoader.parse(yaml, path: "vars.yml")
        return HostVariableTemplater(inventory: loaded.inventory, playbookDirectory: directory.path, environment: [:]) { host in
            var merged = loaded.variables(forHost: host)
            merged.override(with: variables)
            return merged
        }
    }

    static func value(_ template: String, _ yaml: String = "{}") throws -> VariableValue? {
        let templater = try templater(yaml)
        let text = try VarsFileLoader.parse("x: " + template, path: "x.yml")
        var all = templater.rawVariables(ofHost: "h1")
        all.override(with: text)
        let combined = HostVariableTemplater(inventory: try InventoryLoader(ansibleInventory: nil).load(sources: ["h1,"]).inventory,
                                             playbookDirectory: "/", environment: [:]) { _ in all }
        return try combined.value(of: "x", host: "h1")
    }

    @Test func lexerReadsNumbersStringsAndSymbols() throws {
        var lexer = TemplateLexer(Array(" a.b_1 | f(1_000, 2.5e1, 'x\\'y') // 2 }} tail"), from: 0, keepsBackslashes: true)
        let (tokens, strips) = try lexer.tokens(closing: "}}")
        #expect(tokens == [.name("a"), .symbol("."), .name("b_1"), .symbol("|"), .name("f"), .symbol("("), .integer(1000), .symbol(","),
                           .float(25), .symbol(","), .string("x\\'y"), .symbol(")"), .symbol("//"), .integer(2), .end])
        #expect(!strips)
        // A closing brace inside a dict literal does not end the tag.
        var nested = TemplateLexer(Array("{'a': {'b': 1}} -}}"), from: 0, keepsBackslashes: false)
        #expect(try nested.tokens(closing: "}}").stripsAfter)
    }

    @Test(arguments: [
        ("{{ 1 + 2 * 3 }}", VariableValue.int(7)), ("{{ (1 + 2) * 3 }}", .int(9)), ("{{ 2 ** 3 ** 2 }}", .int(64)),
        ("{{ -2 ** 2 }}", .int(4)), ("{{ 'a' ~ (1 + 2) }}", .string("a3")), ("{{ not 1 == 2 }}", .bool(true)),
        ("{{ 1 if 0 else 2 if 1 else 3 }}", .int(2)), ("{{ [1, 2][-1] }}", .int(2)), ("{{ 'abc'[::-1] }}", .string("cba")),
        ("{{ -7 // 2 }}", .int(-4)), ("{{ -7 % 3 }}", .int(2)), ("{{ 7 / 2 }}", .float(3.5)), ("{{ 1 < 2 < 3 }}", .bool(true)),
        ("{{ 'x' in 'xyz' and 2 not in [1] }}", .bool(true)), ("{{ [3, 1] | sort | first }}", .int(1)),
        ("{{ 'a,b' | split(',') | map('upper') | join('-') }}", .string("A-B")), ("{{ {'b': 1, 'a': 2} | dict2items | map(attribute='key') | list }}", .list([.string("b"), .string("a")])),
        ("\"{{ 'x' }}{{ 1 }}\"", .string("x1")), ("\"{{ none }}\"", .null), ("\"a{{ none }}\"", .string("a")),
        ("\"{% if false %}x{% endif %}\"", .null), ("\"{% for i in [1, 2] %}{{ i }}{% endfor %}\"", .string("12")),
        ("\"{{ '1' }}\"", .string("1")), ("\"a {{- ' b' }}\"", .string("a b")), ("\"{# c #}{{ 2 }}\"", .int(2)),
    ])
    func expressions(template: String, expected: VariableValue) throws {
        let quoted = template.hasPrefix("\"") ? template : "\"" + template + "\""
        #expect(try Self.value(quoted) == expected)
    }

    @Test func singleExpressionKeepsItsTypeAndTextMakesAString() throws {
        let yaml = "port: 8080\ncidrs: [10.0.0.0/8]\n"
        #expect(try Self.value("\"{{ port }}\"", yaml) == .int(8080))
        #expect(try Self.value("\"{{ cidrs }}\"", yaml) == .list([.string("10.0.0.0/8")]))
        #expect(try Self.value("\"{{ port }}/tcp\"", yaml) == .string("8080/tcp"))
        #expect(try Self.value("\"{{ cidrs }} \"", yaml) == .string("['10.0.0.0/8'] "))
    }

    /// `{{` never reaches a consumer as text: anything iptfleet cannot render is an error.
    @Test(arguments: ["\"{{ x | nofilter }}\"", "\"{{ 1 is nosuchtest }}\"", "\"{{ lookup('pipe', 'id') }}\"", "\"{% set a = 1 %}\"",
                      "\"{{ unclosed\"", "\"{{ 1 + }}\"", "\"{% if 1 %}\"", "\"{{ '%s' % 1 }}\"", "\"{# open\""])
    func unsupportedOrBrokenTemplatesAreErrors(template: String) throws {
        #expect(throws: TemplateError.self) { try Self.value(template) }
    }

    @Test func unsupportedConstructIsNamed() throws {
        #expect(throws: TemplateError("filter 'nofilter' is not supported by iptfleet (see Docs/variables.md, Templating)",
                                      variable: "x", origin: VariableOrigin(file: "x.yml", line: 1))) {
            try Self.value("\"{{ 1 | nofilter }}\"")
        }
    }

    @Test func syntaxErrorsSayWhatWasExpected() throws {
        #expect(throws: TemplateError("syntax error: expected a value, got the end of the expression", variable: "x", origin: VariableOrigin(file: "x.yml", line: 1))) {
            try Self.value("\"{{ 1 + }}\"")
        }
        #expect(throws: TemplateError("syntax error: '{% if %}' without '{% endif %}'", variable: "x", origin: VariableOrigin(file: "x.yml", line: 1))) {
            try Self.value("\"{% if 1 %}a\"")
        }
    }

    /// No template can take unbounded time, memory or stack.
    @Test(arguments: [
        "\"{% for a in range(1000000) %}{% for b in range(1000000) %}x{% endfor %}{% endfor %}\"",
        "\"{{ 'x' * 1000000000 }}\"", "\"{{ [0] * 1000000000 }}\"",
        "\"{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}\"",
        "\"{{ " + String(repeating: "not ", count: 10_000) + "1 }}\"",
        "\"" + String(repeating: "{% if 1 %}", count: 10_000) + "\"",
    ])
    func templatesAreBounded(template: String) throws {
        #expect(throws: TemplateError.self) { try Self.value(template) }
    }

    @Test func longChainsOfVariablesAreBounded() throws {
        let yaml = (0..<5_000).map { "v\($0): \"{{ v\($0 + 1) }}\"" }.joined(separator: "\n") + "\nv5000: 1\n"
        let templater = try Self.templater(yaml)
        #expect(throws: TemplateError.self) { try templater.value(of: "v0", host: "h1") }
        #expect(try templater.value(of: "v4900", host: "h1") == .int(1))
    }

    @Test func aLoopBetweenVariablesNamesTheChain() throws {
        let templater = try Self.templater("a: \"{{ b }}\"\nb: \"{{ c }}\"\nc: \"{{ a }}\"\n")
        #expect(throws: TemplateError("recursive loop detected: a → b → c → a", variable: "a", origin: VariableOrigin(file: "vars.yml", line: 1))) {
            try templater.value(of: "a", host: "h1")
        }
    }

    @Test func errorsNameTheFileAndLineOfTheBrokenVariable() throws {
        let templater = try Self.templater("ok: 1\nouter: \"{{ inner }}\"\ninner: \"{{ missing }}\"\n")
        do {
            _ = try templater.value(of: "outer", host: "h1")
            Issue.record("expected an error")
        } catch {
            // The variable used is undefined to the one using it; both places are named.
            #expect(error.description == "vars.yml:2: cannot template 'outer': vars.yml:3: cannot template 'inner': 'missing' is undefined")
        }
    }

    /// Only what is asked for is rendered: a broken variable spoils nothing that does not use it.
    @Test func templatingIsLazy() throws {
        let templater = try Self.templater("broken: \"{{ 1 | nofilter }}\"\ngood: \"{{ 40 + 2 }}\"\n")
        let (variables, issues) = templater.templated(host: "h1", names: ["good"])
        #expect(issues.isEmpty)
        #expect(variables["good"]?.value == .int(42))
        #expect(variables["broken"]?.value == .string("{{ 1 | nofilter }}"))
        #expect(try templater.value(of: "good", host: "h1") == .int(42))
        #expect(throws: TemplateError.self) { try templater.value(of: "broken", host: "h1") }
    }

    @Test func hostvarsAndMagicVariablesSeeOtherHosts() throws {
        let templater = try Self.templater("role: \"{{ inventory_hostname_short }}-{{ group_names | join(',') }}\"\n",
                                           hosts: "[web]\nw1.example.com\n[db]\ndb1\n")
        #expect(try templater.value(of: "role", host: "w1.example.com") == .string("w1-web"))
        let peers = try Self.templater("peers: \"{{ groups['db'] | map('extract', hostvars, 'role') | list }}\"\nrole: \"r-{{ inventory_hostname }}\"\n",
                                       hosts: "[web]\nw1\n[db]\ndb1\ndb2\n")
        #expect(try peers.value(of: "peers", host: "w1") == .list([.string("r-db1"), .string("r-db2")]))
    }

    @Test func mappingsKeepTheirOrder() throws {
        #expect(try Self.value("\"{{ m | to_json }}\"", "m: {zeta: 1, alpha: 2}\n") == .string("{\"zeta\": 1, \"alpha\": 2}"))
    }

    @Test func lookupsReadTheEnvironmentAndFiles() throws {
        let directory = TemporaryDirectory()
        try directory.write("files/key.pub", "ssh-ed25519 AAAA\n")
        try directory.write("hosts.ini", "h1\n")
        let loaded = try InventoryLoader(ansibleInventory: nil).load(sources: [directory.path + "/hosts.ini"])
        let variables = try VarsFileLoader.parse("key: \"{{ lookup('file', 'key.pub') }}\"\nwho: \"{{ lookup('env', 'WHO') }}\"\n", path: "vars.yml")
        let templater = HostVariableTemplater(inventory: loaded.inventory, playbookDirectory: directory.path, environment: ["WHO": "me"]) { _ in variables }
        #expect(try templater.value(of: "key", host: "h1") == .string("ssh-ed25519 AAAA"))
        #expect(try templater.value(of: "who", host: "h1") == .string("me"))
    }
}
