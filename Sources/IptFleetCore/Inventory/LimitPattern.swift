import Foundation

/// Selects hosts with Ansible's host-pattern language, as `--limit` does: `web:db` or `web,db`
/// (union), `web:&prod` (intersection), `web:!web3` (exclusion), `web*` (shell wildcards),
/// `~web\d+` (a regular expression), `web[0]`, `web[-1]`, `web[0:2]` (inclusive subscripts) and
/// `@file` (one pattern per line).
public struct LimitPattern {
    public let inventory: Inventory

    public init(inventory: Inventory) {
        self.inventory = inventory
    }

    /// Host names matching `limit`, in the order they first appear in the inventory (Ansible
    /// orders hosts of nested groups by Python hash order, which is not stable across runs).
    public func select(_ limit: String) throws(InventoryError) -> [String] {
        let matched = Set(try evaluate(try expandFiles(Self.split(limit))))
        return inventory.hostNames.filter(matched.contains)
    }

    /// Replaces each `@file` by the patterns in that file, one per line.
    private func expandFiles(_ parts: [String]) throws(InventoryError) -> [String] {
        var patterns: [String] = []
        for part in parts {
            if part.hasPrefix("@") {
                let path = String(part.dropFirst())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw InventoryError(origin: VariableOrigin(file: path, line: nil), message: "cannot read the limit file")
                }
                patterns += text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } else {
                patterns.append(part)
            }
        }
        return patterns
    }

    /// Splits on ',' (or, when there is no ',', on ':' outside brackets), as Ansible does.
    static func split(_ pattern: String) -> [String] {
        let parts: [String]
        if pattern.contains(",") {
            parts = pattern.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if (try? HostRangeExpander.expand(pattern))?.port == nil, HostRangeExpander.isValidAddress(pattern), !pattern.contains(":") {
            parts = [pattern]
        } else {
            var result: [String] = []
            var current = ""
            var depth = 0
            for char in pattern {
                switch char {
                case "[": depth += 1; current.append(char)
                case "]": depth -= 1; current.append(char)
                case ":" where depth == 0, " " where depth == 0, "\t" where depth == 0:
                    result.append(current); current = ""
                default: current.append(char)
                }
            }
            result.append(current)
            parts = result
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Plain patterns first (union, in order), then `&` intersections, then `!` exclusions.
    func evaluate(_ patterns: [String]) throws(InventoryError) -> [String] {
        var regular = patterns.filter { !$0.hasPrefix("&") && !$0.hasPrefix("!") }
        if regular.isEmpty { regular = ["all"] }
        let ordered = regular + patterns.filter { $0.hasPrefix("&") } + patterns.filter { $0.hasPrefix("!") }
        var hosts: [String] = []
        var present = Set<String>()
        for pattern in ordered {
            if pattern.hasPrefix("!") {
                let excluded = Set(try match(String(pattern.dropFirst())))
                hosts.removeAll { excluded.contains($0) }
                present.subtract(excluded)
            } else if pattern.hasPrefix("&") {
                let kept = Set(try match(String(pattern.dropFirst())))
                hosts.removeAll { !kept.contains($0) }
                present = present.intersection(kept)
            } else {
                for host in try match(pattern) where present.insert(host).inserted { hosts.append(host) }
            }
        }
        return hosts
    }

    /// Hosts of one pattern without its `&`/`!` prefix, subscript applied.
    func match(_ pattern: String) throws(InventoryError) -> [String] {
        if inventory.hosts[pattern] != nil { return [pattern] }
        let (expression, slice) = try Self.splitSubscript(pattern)
        let hosts = try enumerate(expression)
        guard let slice, !hosts.isEmpty else { return hosts }
        let count = hosts.count
        func index(_ value: Int) -> Int { value < 0 ? count + value : value }
        switch slice {
        case .single(let position):
            let resolved = index(position)
            guard (0..<count).contains(resolved) else {
                throw InventoryError(origin: nil, message: "no hosts matched the subscripted pattern '\(pattern)' (it has \(count) hosts)")
            }
            return [hosts[resolved]]
        case .range(let start, let end):
            // Ansible: an end of 0 selects only the start; a missing end means the last host.
            if end == 0 {
                guard (0..<count).contains(start) else {
                    throw InventoryError(origin: nil, message: "no hosts matched the subscripted pattern '\(pattern)' (it has \(count) hosts)")
                }
                return [hosts[start]]
            }
            let last = min(end == -1 ? count - 1 : end, count - 1)
            guard start <= last else { return [] }
            return Array(hosts[start...last])
        }
    }

    enum Subscript: Equatable {
        case single(Int)
        case range(Int, Int)
    }

    /// `name[3]`, `name[-1]`, `name[0:2]`, `name[1:]` (not for `~regex` patterns).
    static func splitSubscript(_ pattern: String) throws(InventoryError) -> (String, Subscript?) {
        guard !pattern.hasPrefix("~"), pattern.hasSuffix("]"), let open = pattern.lastIndex(of: "["), open > pattern.startIndex else {
            return (pattern, nil)
        }
        let inner = pattern[pattern.index(after: open)..<pattern.index(before: pattern.endIndex)]
        let base = String(pattern[..<open])
        if let single = Int(inner) { return (base, .single(single)) }
        let bounds = inner.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = Int(bounds[0]), start >= 0, bounds[0].allSatisfy(\.isNumber) else {
            return (pattern, nil)
        }
        if bounds[1].isEmpty { return (base, .range(start, -1)) }
        guard let end = Int(bounds[1]), bounds[1].allSatisfy(\.isNumber) else { return (pattern, nil) }
        return (base, .range(start, end))
    }

    /// Hosts of every group whose name matches, then (for wildcards, regexes, or when no group
    /// matched) every host whose name matches.
    func enumerate(_ pattern: String) throws(InventoryError) -> [String] {
        let matcher = try Matcher(pattern)
        var results: [String] = []
        let groups = inventory.groupNames.filter(matcher.matches)
        for group in groups { results += inventory.hostsOfGroup(group) }
        if groups.isEmpty || pattern.hasPrefix("~") || pattern.contains(where: { ".?*[".contains($0) }) {
            results += inventory.hostNames.filter(matcher.matches)
        }
        return results
    }

    /// A shell wildcard (whole name, case-sensitive) or, after `~`, a regex anchored at the start.
    struct Matcher {
        let glob: String?
        let regex: NSRegularExpression?

        init(_ pattern: String) throws(InventoryError) {
            if pattern.hasPrefix("~") {
                do {
                    regex = try NSRegularExpression(pattern: String(pattern.dropFirst()))
                } catch {
                    throw InventoryError(origin: nil, message: "invalid host pattern regex '\(pattern)'")
                }
                glob = nil
            } else {
                glob = pattern
                regex = nil
            }
        }

        func matches(_ name: String) -> Bool {
            if let glob { return fnmatch(glob, name, 0) == 0 }
            guard let regex else { return false }
            return regex.firstMatch(in: name, options: .anchored, range: NSRange(name.startIndex..., in: name)) != nil
        }
    }
}
