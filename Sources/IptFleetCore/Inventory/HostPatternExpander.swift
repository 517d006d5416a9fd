/// Turns one host entry of an INI inventory (`web[01:20].example.com:2222`, `[::1]:22`) into host
/// names and an optional port, as Ansible's `parse_address` and `expand_hostname_range` do.
public enum HostPatternExpander {
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
        let hosts = pattern.contains("[") ? try expandRanges(pattern) : [pattern]
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

    /// Expands the first `[beg:end(:step)]` of `pattern`, then the rest recursively.
    static func expandRanges(_ pattern: String) throws(InvalidEntry) -> [String] {
        guard let open = pattern.firstIndex(of: "["),
              let close = pattern[open...].firstIndex(of: "]")
        else {
            throw InvalidEntry(description: "host range in '\(pattern)' has no closing ']'")
        }
        let head = pattern[..<open]
        let tail = pattern[pattern.index(after: close)...]
        let bounds = pattern[pattern.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 || bounds.count == 3 else {
            throw InvalidEntry(description: "host range '[\(bounds.joined(separator: ":"))]' must be begin:end or begin:end:step")
        }
        let begin = bounds[0].isEmpty ? "0" : bounds[0]
        let end = bounds[1]
        guard !end.isEmpty else { throw InvalidEntry(description: "host range in '\(pattern)' must specify an end value") }
        guard let step = bounds.count == 3 ? Int(bounds[2]) : 1, step > 0 else {
            throw InvalidEntry(description: "host range in '\(pattern)' has an invalid step '\(bounds[2])'")
        }
        let items: [String]
        if begin.count == 1, end.count == 1, let b = begin.first, let e = end.first, b.isLetter, e.isLetter,
           let bi = asciiLetters.firstIndex(of: b), let ei = asciiLetters.firstIndex(of: e)
        {
            guard bi <= ei else { throw InvalidEntry(description: "host range '[\(begin):\(end)]' must have begin <= end") }
            items = stride(from: bi, through: ei, by: step).map { String(asciiLetters[$0]) }
        } else {
            guard let b = Int(begin), let e = Int(end) else {
                throw InvalidEntry(description: "host range '[\(begin):\(end)]' in '\(pattern)' is neither numeric nor a single-letter range")
            }
            let width: Int?
            if begin.hasPrefix("0") && begin.count > 1 {
                guard begin.count == end.count else {
                    throw InvalidEntry(description: "host range '[\(begin):\(end)]' must specify equal-length begin and end formats")
                }
                width = begin.count
            } else {
                width = nil
            }
            items = stride(from: b, through: e, by: step).map { number in
                let digits = String(number)
                guard let width, digits.count < width else { return digits }
                return String(repeating: "0", count: width - digits.count) + digits
            }
        }
        var hosts: [String] = []
        for item in items {
            let name = String(head) + item + String(tail)
            if name.contains("[") { hosts += try expandRanges(name) } else { hosts.append(name) }
        }
        return hosts
    }

    static let asciiLetters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
