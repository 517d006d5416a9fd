/// Turns one host entry of an INI inventory (`web[01:20].example.com:2222`, `[::1]:22`) into host
/// names and an optional port, as Ansible's `parse_address` and `expand_hostname_range` do.
public enum HostRangeExpander {
    /// A host entry that is not a valid host, range or port.
    public struct InvalidEntry: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The host names `entry` stands for and the port it names, if any.
    public static func expand(_ entry: String) throws(InvalidEntry) -> (hosts: [String], port: Int?) {
        var (pattern, port) = splitPort(entry)
        if port == nil, entry.trimmed.hasSuffix(":") {
            throw InvalidEntry(description: "invalid host pattern '\(entry)': ending in ':' is not allowed, this character is reserved to provide a port")
        }
        if !isValidAddress(pattern) {
            // Ansible falls back to the whole entry as the pattern when it is not a valid address.
            pattern = entry
            port = nil
        }
        var hosts = [pattern]
        if pattern.contains("[") {
            try checkHostCount(pattern)
            hosts = try expandRanges(pattern)
        }
        if entry.contains("---"), hosts.contains(where: { $0.trimmed == "---" }) {
            throw InvalidEntry(description: "invalid host pattern '\(entry)': '---' is normally a sign this is a YAML file")
        }
        return (hosts, port)
    }

    /// `[host]:port` or `host:port` (where `host` has no ':' outside brackets).
    static func splitPort(_ entry: String) -> (String, Int?) {
        var address = entry
        var port: Int?
        if address.hasPrefix("["), let close = address.lastIndex(of: "]") {
            let rest = address[address.index(after: close)...]
            if rest.hasPrefix(":"), let number = Int(rest.dropFirst()), rest.dropFirst().allSatisfy(\.isASCIIDigit) {
                address = String(address[address.index(after: address.startIndex)..<close])
                port = number
            }
        }
        if let colon = lastColonOutsideBrackets(address) {
            let digits = address[address.index(after: colon)...]
            if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits) {
                port = number
                address = String(address[..<colon])
            }
        }
        return (address, port)
    }

    /// The position of the last ':' when every ':' stands outside `[…]`; nil otherwise.
    static func lastColonOutsideBrackets(_ text: String) -> String.Index? {
        var depth = 0
        var colons: [String.Index] = []
        for index in text.indices {
            switch text[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case ":" where depth == 0: colons.append(index)
            case ":": break
            default: break
            }
        }
        return colons.count == 1 ? colons[0] : nil
    }

    /// Whether `address` is an IPv4 or IPv6 address or a host name, each possibly with ranges.
    static func isValidAddress(_ address: String) -> Bool {
        if address.isEmpty { return false }
        var depth = 0
        let hasColonOutsideRanges = address.contains { char in
            if char == "[" { depth += 1 } else if char == "]" { depth -= 1 }
            return char == ":" && depth == 0
        }
        if hasColonOutsideRanges {
            // IPv6: hex groups, ranges and "::" compression.
            return address.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "[" || $0 == "]" || $0 == "." }
        }
        return address.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isValidLabel)
    }

    static func isValidLabel(_ label: Substring) -> Bool {
        guard let first = label.unicodeScalars.first, let last = label.unicodeScalars.last else { return false }
        if first == "-" || last == "-" || last == "_" { return false }
        var depth = 0
        for scalar in label.unicodeScalars {
            switch scalar {
            case "[": depth += 1
            case "]": depth -= 1
            case ":" where depth > 0: continue
            default:
                let alphanumeric = scalar.isASCII ? (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
                    : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
                if depth > 0 { if !alphanumeric { return false } }
                else if !(alphanumeric || scalar == "_" || scalar == "-") { return false }
            }
        }
        return depth == 0
    }

    /// The most host names one entry may stand for: far above any real fleet, and small enough
    /// to expand in well under a second.
    static let maximumHosts = 100_000

    /// Refuses `pattern` when its ranges multiply to more than `maximumHosts` names, counting
    /// before any is expanded.
    static func checkHostCount(_ pattern: String) throws(InvalidEntry) {
        var count = 1
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]") else {
                throw InvalidEntry(description: "host range in '\(pattern.excerpt())' has no closing ']'")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: try HostRange(rest[rest.index(after: open)..<close], in: pattern).count)
            guard !overflow, product <= maximumHosts else {
                throw InvalidEntry(description: "host entry '\(pattern.excerpt())' stands for more than \(maximumHosts) hosts; split it into smaller ranges")
            }
            count = product
            rest = rest[rest.index(after: close)...]
        }
    }

    /// Expands the first `[beg:end(:step)]` of `pattern`, then the rest recursively.
    static func expandRanges(_ pattern: String) throws(InvalidEntry) -> [String] {
        guard let open = pattern.firstIndex(of: "["),
              let close = pattern[open...].firstIndex(of: "]")
        else {
            throw InvalidEntry(description: "host range in '\(pattern.excerpt())' has no closing ']'")
        }
        let head = pattern[..<open]
        let tail = pattern[pattern.index(after: close)...]
        var hosts: [String] = []
        for item in try HostRange(pattern[pattern.index(after: open)..<close], in: pattern).items {
            let name = String(head) + item + String(tail)
            if name.contains("[") { hosts += try expandRanges(name) } else { hosts.append(name) }
        }
        return hosts
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
