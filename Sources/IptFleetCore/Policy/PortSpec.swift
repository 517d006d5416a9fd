/// The destination ports of a rule: one port, a range (`8000:8100` or `8000-8100`), or a list of
/// ports and ranges (iptables' multiport, at most 15 entries, a range counting as two).
public struct PortSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Element: Sendable, Hashable {
        case port(Int)
        case range(Int, Int)
    }

    public let elements: [Element]

    /// Whether iptables needs `-m multiport --dports` for these ports.
    public var needsMultiport: Bool { elements.count > 1 }

    /// The ports as iptables writes them: `22`, `8000:8100`, `80,443`.
    public var description: String {
        elements.map { element in
            switch element {
            case .port(let port): String(port)
            case .range(let low, let high): "\(low):\(high)"
            }
        }.joined(separator: ",")
    }

    /// Why a value is not a valid port specification.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds a port spec from a YAML/INI value: an integer, a string such as `"80"`,
    /// `"8000:8100"`, `"80,443"`, or a list of those.
    public init(_ value: VariableValue) throws(Invalid) {
        var elements: [Element] = []
        switch value {
        case .int(let port):
            elements = [try Self.element(String(port))]
        case .string(let text):
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                elements.append(try Self.element(part.trimmingCharacters(in: .whitespaces)))
            }
        case .list(let items):
            for item in items {
                switch item {
                case .int(let port): elements.append(try Self.element(String(port)))
                case .string(let text): elements.append(try Self.element(text.trimmingCharacters(in: .whitespaces)))
                default: throw Invalid(description: "a port list may hold numbers and \"low:high\" ranges, not \(item.typeDescription)")
                }
            }
        default:
            throw Invalid(description: "expected a port (1-65535), a range \"low:high\" or a list, got \(value.typeDescription)")
        }
        guard !elements.isEmpty else { throw Invalid(description: "the port list is empty") }
        let slots = elements.reduce(0) { count, element in
            if case .range = element { return count + 2 }
            return count + 1
        }
        if elements.count > 1, slots > 15 {
            throw Invalid(description: "iptables' multiport match takes at most 15 ports (a range counts as two); split the rule")
        }
        self.elements = elements
    }

    private static func element(_ text: String) throws(Invalid) -> Element {
        let bounds = text.split(whereSeparator: { $0 == ":" || $0 == "-" }).map(String.init)
        let numbers = bounds.compactMap { $0.allSatisfy(\.isNumber) ? Int($0) : nil }
        guard !text.isEmpty, numbers.count == bounds.count, (1...2).contains(numbers.count),
              text.filter({ $0 == ":" || $0 == "-" }).count == numbers.count - 1
        else {
            throw Invalid(description: "'\(text)' is not a port or a port range")
        }
        for port in numbers where !(1...65535).contains(port) {
            throw Invalid(description: "port \(port) is out of range (1-65535)")
        }
        if numbers.count == 2 {
            guard numbers[0] < numbers[1] else { throw Invalid(description: "port range '\(text)' must go from low to high") }
            return .range(numbers[0], numbers[1])
        }
        return .port(numbers[0])
    }
}
