import Testing
@testable import IptFleetCore

struct VarsFileLoaderTests {
    @Test func yamlTypingFollowsPyYAML() throws {
        let vars = try VarsFileLoader.parse("""
            a: yes
            b: 'yes'
            c: 0755
            d: 1:30
            e: 1e3
            f: 1.5e+3
            g: ~
            h: 0x1F
            i: .inf
            j: 0o17
            k: "quoted: 1"
            l: |
              line one
              line two

            """, path: "f.yml").plainValues
        #expect(vars["a"] == .bool(true))
        #expect(vars["b"] == .string("yes"))
        #expect(vars["c"] == .int(493))
        #expect(vars["d"] == .int(90))
        #expect(vars["e"] == .string("1e3"))
        #expect(vars["f"] == .float(1500))
        #expect(vars["g"] == .null)
        #expect(vars["h"] == .int(31))
        #expect(vars["i"] == .float(.infinity))
        #expect(vars["j"] == .string("0o17"))
        #expect(vars["k"] == .string("quoted: 1"))
        #expect(vars["l"] == .string("line one\nline two\n"))
    }

    @Test func mergeKeysAndAliases() throws {
        let vars = try VarsFileLoader.parse("""
            base: &base {proto: tcp, port: 80}
            rule:
              <<: *base
              port: 443
            copy: *base
            """, path: "f.yml").plainValues
        #expect(vars["rule"] == .dict(["proto": .string("tcp"), "port": .int(443)]))
        #expect(vars["copy"] == .dict(["proto": .string("tcp"), "port": .int(80)]))
    }

    @Test func linesOfKeysAndListItems() throws {
        let vars = try VarsFileLoader.parse("""
            ---
            first: 1
            rules:
              - desc: a
              - desc: b
            """, path: "f.yml")
        #expect(vars["first"]?.origin == VariableOrigin(file: "f.yml", line: 2))
        #expect(vars["rules"]?.origin(ofElement: 1) == VariableOrigin(file: "f.yml", line: 5))
    }

    @Test func jsonUsesJSONTyping() throws {
        let vars = try VarsFileLoader.parse(#"{"a": 1e3, "b": "yes", "c": true}"#, path: "f.json").plainValues
        #expect(vars == ["a": .float(1000), "b": .string("yes"), "c": .bool(true)])
    }

    @Test func emptyFileHasNoVariables() throws {
        #expect(try VarsFileLoader.parse("---\n# nothing\n", path: "f.yml").isEmpty)
    }

    @Test func syntaxErrorNamesTheLine() {
        let error = #expect(throws: InventoryError.self) { try VarsFileLoader.parse("a: 1\nb: [1, 2\nc: 3\n", path: "bad.yml") }
        #expect(error?.origin?.file == "bad.yml")
        #expect(error?.origin?.line == 3)
        #expect(error?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func topLevelListIsAnError() {
        let error = #expect(throws: InventoryError.self) { try VarsFileLoader.parse("- a\n- b\n", path: "list.yml") }
        #expect(error?.description == "list.yml:1: a vars file must hold a mapping of variable names to values, not a list")
    }

    @Test func duplicateKeyWarnsAndTheLastWins() throws {
        var warnings: [String] = []
        let text = "token: s3cret\na: 1\nyes: x\na: 3\nnested: {k: 1, k: 2}\nyes: y\n"
        let vars = try VarsFileLoader.parse(text, path: "dup.yml", warnings: &warnings).plainValues
        #expect(vars == ["token": .string("s3cret"), "a": .int(3), "true": .string("y"), "nested": .dict(["k": .int(2)])])
        #expect(warnings == [
            "dup.yml:4: found duplicate mapping key 'a' (first on line 2); the last one wins, as in Ansible",
            "dup.yml:6: found duplicate mapping key 'true' (first on line 3); the last one wins, as in Ansible",
            "dup.yml:5: found duplicate mapping key 'k' (first on line 5); the last one wins, as in Ansible",
        ])
    }

    @Test func tooManyDuplicateKeysAreRefused() {
        let text = (0...DuplicateKeyTagging.maximumDuplicates + 1).map { "a: \($0)\n" }.joined()
        let error = #expect(throws: InventoryError.self) { try VarsFileLoader.parse(text, path: "dup.yml") }
        #expect(error?.description == "dup.yml: more than 64 duplicate mapping keys; remove them")
    }

    @Test func anUnresolvableDuplicateQuotesOnlyItsLine() {
        let error = #expect(throws: InventoryError.self) {
            try VarsFileLoader.parse("token: s3cret\n!!str a: 1\na: 2\n", path: "dup.yml")
        }
        #expect(error?.description == "dup.yml:2: duplicate key 'a' that iptfleet cannot resolve (a tagged or complex key); remove one of them")
    }
}
