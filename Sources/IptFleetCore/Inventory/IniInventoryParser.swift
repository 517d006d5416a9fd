import Foundation

/// Reads an Ansible INI inventory file into an `Inventory`, line by line as Ansible's `ini`
/// inventory plugin does: `[group]`, `[group:children]`, `[group:vars]`, host ranges, ports,
/// inline `key=value` host variables typed as Python literals, `#` and `;` comments.
struct IniInventoryParser {
    private enum SectionKind: String { case hosts, children, vars }

    /// A `[parent:children]` entry naming a group that is not defined yet.
    private struct PendingChild {
        let origin: VariableOrigin
        let kind: SectionKind
        var parents: [String]
    }

    let path: String

    func parse(_ text: String, into inventory: inout Inventory) throws(InventoryError) {
        var group = "ungrouped"
        var kind = SectionKind.hosts
        var pending: [String: PendingChild] = [:]
        var pendingOrder: [String] = []

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let origin = VariableOrigin(file: path, line: offset + 1)
            let line = rawLine.trimmed
            guard let first = line.first, first != "#", first != ";" else { continue }

            if let (name, section) = try parseSectionHeader(line, origin: origin) {
                group = name
                kind = section
                if inventory.groups[name] == nil {
                    if kind == .vars, pending[name] == nil {
                        pending[name] = PendingChild(origin: origin, kind: .vars, parents: [])
                        pendingOrder.append(name)
                    }
                    inventory.addGroup(name, origin: origin)
                }
                if let declaration = pending[name], kind != .vars {
                    if declaration.kind == .children {
                        try resolvePending(name, pending: &pending, into: &inventory)
                    } else {
                        pending[name] = nil
                    }
                }
                continue
            }

            switch kind {
            case .hosts:
                try parseHostLine(line, group: group, origin: origin, into: &inventory)
            case .vars:
                guard let equals = line.firstIndex(of: "=") else {
                    throw InventoryError(origin: origin, message: "expected key=value in [\(group):vars], got '\(line)'")
                }
                let key = line[..<equals].trimmed
                let value = line[line.index(after: equals)...].trimmed
                try inventory.setGroupVariable(group, key, Variable(PythonLiteral.typedValue(of: value), origin: origin))
            case .children:
                let child = try parseGroupName(line, origin: origin)
                if inventory.groups[child] == nil {
                    if pending[child] == nil {
                        pending[child] = PendingChild(origin: origin, kind: .children, parents: [group])
                        pendingOrder.append(child)
                    } else {
                        pending[child]?.parents.append(group)
                    }
                } else {
                    try inventory.addChild(child, to: group, origin: origin)
                }
            }
        }

        for name in pendingOrder {
            guard let declaration = pending[name] else { continue }
            switch declaration.kind {
            case .vars:
                throw InventoryError(origin: declaration.origin, message: "section [\(name):vars] is not valid for undefined group '\(name)'")
            default:
                throw InventoryError(origin: declaration.origin, message: "section [\(declaration.parents.last ?? name):children] includes undefined group '\(name)'")
            }
        }
    }

    private func resolvePending(_ group: String, pending: inout [String: PendingChild], into inventory: inout Inventory) throws(InventoryError) {
        guard let declaration = pending[group] else { return }
        for parent in declaration.parents {
            try inventory.addChild(group, to: parent, origin: declaration.origin)
            if pending[parent]?.kind == .children { try resolvePending(parent, pending: &pending, into: &inventory) }
        }
        pending[group] = nil
    }

    /// `[name]` or `[name:kind]`, optionally followed by a comment; nil for any other line.
    private func parseSectionHeader(_ line: String, origin: VariableOrigin) throws(InventoryError) -> (String, SectionKind)? {
        guard line.hasPrefix("[") else { return nil }
        var body = line.dropFirst()
        guard let close = body.firstIndex(of: "]") else {
            // A host line may also start with '[' (a bracketed IPv6 address).
            return nil
        }
        let after = body[body.index(after: close)...].trimmingCharacters(in: .whitespaces)
        body = body[..<close]
        let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let validName = !name.isEmpty && !name.contains(where: \.isWhitespace) && !name.contains("[")
        let tag = parts.count > 1 ? String(parts[1]) : nil
        let validTag = tag.map { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } } ?? true
        guard validName, validTag, after.isEmpty || after.hasPrefix("#") else {
            if line.hasSuffix("]") {
                throw InventoryError(origin: origin, message: "invalid section entry '\(line)': a section is [group], [group:children] or [group:vars], without spaces or other invalid characters")
            }
            return nil
        }
        guard let tag else { return (name, .hosts) }
        guard let kind = SectionKind(rawValue: tag) else {
            throw InventoryError(origin: origin, message: "section [\(name):\(tag)] has unknown type '\(tag)' (expected hosts, children or vars)")
        }
        return (name, kind)
    }

    private func parseGroupName(_ line: String, origin: VariableOrigin) throws(InventoryError) -> String {
        var name = line
        if let hash = name.firstIndex(of: "#") { name = String(name[..<hash]) }
        name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == ":" || $0 == "]" }) else {
            throw InventoryError(origin: origin, message: "expected a group name, got '\(line)'")
        }
        return name
    }

    private func parseHostLine(_ line: String, group: String, origin: VariableOrigin, into inventory: inout Inventory) throws(InventoryError) {
        let tokens: [String]
        do {
            tokens = try ShellWords.split(line)
        } catch {
            throw InventoryError(origin: origin, message: "cannot parse host definition '\(line)': \(error)")
        }
        guard let entry = tokens.first else { return }
        let expanded: (hosts: [String], port: Int?)
        do {
            expanded = try HostPatternExpander.expand(entry)
        } catch {
            throw InventoryError(origin: origin, message: error.description)
        }
        var variables: [(String, Variable)] = []
        for token in tokens.dropFirst() {
            guard let equals = token.firstIndex(of: "=") else {
                throw InventoryError(origin: origin, message: "expected key=value host variable assignment, got '\(token)'")
            }
            let value = PythonLiteral.typedValue(of: String(token[token.index(after: equals)...]))
            variables.append((String(token[..<equals]), Variable(value, origin: origin)))
        }
        for host in expanded.hosts {
            inventory.addHost(host, to: group, port: expanded.port, origin: origin)
            for (name, variable) in variables { inventory.setHostVariable(host, name, variable) }
        }
    }
}
