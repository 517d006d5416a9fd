import Foundation

/// An IPv4 or IPv6 network in CIDR notation, normalized (host bits cleared), as iptables prints it.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable { case ipv4, ipv6 }

    public let family: Family
    /// The network address in its canonical text form (`10.0.0.0`, `2001:db8::`).
    public let address: String
    public let prefixLength: Int

    /// Parses `10.1.2.0/24`, `2001:db8::/32`, or a bare address (a /32 or /128 network).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = String(parts[0])
        var bytes = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, addressText, &bytes) == 1 {
            family = .ipv4
        } else if inet_pton(AF_INET6, addressText, &bytes) == 1 {
            family = .ipv6
        } else {
            return nil
        }
        let maxLength = family == .ipv4 ? 32 : 128
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maxLength).contains(length), parts[1].allSatisfy(\.isNumber) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maxLength
        }
        let byteCount = maxLength / 8
        for index in 0..<byteCount {
            let bitsKept = max(0, min(8, prefixLength - index * 8))
            bytes[index] &= bitsKept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family == .ipv4 ? AF_INET : AF_INET6, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether this is `0.0.0.0/0` or `::/0`.
    public var isAnywhere: Bool { prefixLength == 0 }

    /// Whether `address` (an IPv4 or IPv6 address) lies in this network. An IPv4-mapped IPv6
    /// address (`::ffff:10.0.0.1`), as a dual-stack sshd may report it, counts as its IPv4 address.
    public func contains(_ address: String) -> Bool {
        let mappedPrefix = "::ffff:"
        if family == .ipv4, address.lowercased().hasPrefix(mappedPrefix), address.contains(".") {
            return contains(String(address.dropFirst(mappedPrefix.count)))
        }
        guard let host = CIDR(address), host.family == family, let network = CIDR("\(address)/\(prefixLength)") else { return false }
        return network.address == self.address
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
