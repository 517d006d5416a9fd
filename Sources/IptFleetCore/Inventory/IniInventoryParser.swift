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

        for (offset, rawLine) in Self.lines(of: text).enumerated() {
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

    /// The lines of `text` as Python's `str.splitlines()` gives them to Ansible: `\r\n`, `\n`, `\r`
    /// and the other Unicode line breaks all end a line. The bytes are scanned directly: `"\r\n"`
    /// is one `Character` in Swift, and splitting a large file by `Character` is slow.
    static func lines(of text: String) -> [Substring] {
        let bytes = Array(text.utf8)
        var lines: [Substring] = []
        var start = 0
        var offset = 0
        while offset < bytes.count {
            let breakLength = lineBreakLength(bytes, at: offset)
            guard breakLength > 0 else {
                offset += 1
                continue
            }
            lines.append(text[index(start, in: text)..<index(offset, in: text)])
            offset += breakLength
            start = offset
        }
        lines.append(text[index(start, in: text)...])
        return lines
    }

    /// How many bytes the line break at `offset` takes (0 when there is none): `\r\n`, one of
    /// `\n \v \f \r \x1c \x1d \x1e`, or U+0085, U+2028, U+2029.
    private static func lineBreakLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let byte = bytes[offset]
        let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
        switch byte {
        case 0x0D: return next == 0x0A ? 2 : 1
        case 0x0A...0x0C, 0x1C...0x1E: return 1
        case 0xC2 where next == 0x85: return 2
        case 0xE2 where next == 0x80 && offset + 2 < bytes.count && (bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9): return 3
        default: return 0
        }
    }

    private static func index(_ offset: Int, in text: String) -> String.Index {
        text.utf8.index(text.utf8.startIndex, offsetBy: offset)
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
        var variables: [(String, Variable)] = []
        for token in tokens.dropFirst() {
            guard let equals = token.firstIndex(of: "=") else {
                throw InventoryError(origin: origin, message: "expected key=value host variable assignment, got '\(token)'")
            }
            let value = PythonLiteral.typedValue(of: String(token[token.index(after: equals)...]))
            variables.append((String(token[..<equals]), Variable(value, origin: origin)))
        }
        for host in try inventory.addHosts(entry: entry, to: group, origin: origin) {
            for (name, variable) in variables { inventory.setHostVariable(host, name, variable) }
        }
    }
}
