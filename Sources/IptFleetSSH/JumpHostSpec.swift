/// One hop of OpenSSH's `ProxyJump` / `ssh -J`: `[user@]host[:port]` or `ssh://[user@]host[:port]`.
public struct JumpHostSpec: Sendable, Equatable, CustomStringConvertible {
    public let user: String?
    /// The host as written (an ssh_config `Host` alias or an address; IPv6 without brackets).
    public let host: String
    public let port: Int?

    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    public var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (user.map { "\($0)@" } ?? "") + name + (port.map { ":\($0)" } ?? "")
    }

    /// Parses a `ProxyJump` value: `none` (no hops) or a comma-separated list of hops.
    public static func parseList(_ value: String) throws(SSHOptionError) -> [JumpHostSpec] {
        if value.lowercased() == "none" { return [] }
        var hops: [JumpHostSpec] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            hops.append(try parse(String(item)))
        }
        return hops
    }

    /// Parses one hop.
    public static func parse(_ text: String) throws(SSHOptionError) -> JumpHostSpec {
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst("ssh://".count) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        var portText: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { host = "" }
        } else if rest.filter({ $0 == ":" }).count == 1, let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        let port = portText.flatMap { Int($0) }
        guard !host.isEmpty, user?.isEmpty != true, !host.contains(where: { $0 == " " || $0 == "/" }),
              portText == nil || (port.map { (1...65535).contains($0) } ?? false)
        else {
            throw SSHOptionError("ProxyJump hop '\(text)' is not [user@]host[:port]")
        }
        return JumpHostSpec(user: user, host: String(host), port: port)
    }
}
