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

    /// The jump host of a `ProxyCommand` that is only `ssh -W %h:%p [-q] [-p port] [-l user]
    /// [user@]host` (what Ansible guides suggest for bastions): `[]` for `none`, nil for any
    /// other command, which iptfleet cannot run.
    static func fromProxyCommand(_ words: [String]) -> [JumpHostSpec]? {
        if words.count == 1, words[0].lowercased() == "none" { return [] }
        guard let program = words.first, program == "ssh" || program.hasSuffix("/ssh") else { return nil }
        var forwardsTarget = false
        var user: String?
        var port: Int?
        var destination: String?
        var index = 1
        while index < words.count {
            let word = words[index]
            let value = index + 1 < words.count ? words[index + 1] : nil
            switch word {
            case "-W":
                guard value == "%h:%p" || value == "[%h]:%p" else { return nil }
                forwardsTarget = true
                index += 1
            case "-p":
                guard let number = value.flatMap({ Int($0) }) else { return nil }
                port = number
                index += 1
            case "-l":
                guard let value else { return nil }
                user = value
                index += 1
            case "-q", "-T", "-N", "-4", "-6", "-C":
                break
            default:
                guard !word.hasPrefix("-"), destination == nil else { return nil }
                destination = word
            }
            index += 1
        }
        guard forwardsTarget, let destination, let hop = try? parse(destination) else { return nil }
        return [JumpHostSpec(user: user ?? hop.user, host: hop.host, port: port ?? hop.port)]
    }
}
