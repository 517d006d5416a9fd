/// The OpenSSH client options iptfleet honours, for one host, as an ssh_config file or `-o`
/// options on a command line give them. As in OpenSSH the first value obtained wins
/// (`IdentityFile` accumulates instead); apply the most important source first.
public struct SSHHostSettings: Sendable, Equatable {
    /// OpenSSH's `StrictHostKeyChecking`.
    public enum StrictHostKeyChecking: String, Sendable {
        case yes, no, ask, acceptNew = "accept-new"
    }

    public var hostName: String?
    public var user: String?
    public var port: Int?
    /// Every `IdentityFile`, in the order given, unexpanded (`~`, `%h`, …).
    public var identityFiles: [String] = []
    public var identitiesOnly: Bool?
    /// `UserKnownHostsFile`: one or more files, unexpanded; empty for `none`.
    public var userKnownHostsFiles: [String]?
    public var strictHostKeyChecking: StrictHostKeyChecking?
    /// `ConnectTimeout` in seconds.
    public var connectTimeout: Int?
    /// `ProxyJump`: the hops, first hop first; empty for `none`.
    public var proxyJump: [JumpHostSpec]?

    public init() {}

    /// Keywords this type understands (lower case, as OpenSSH compares them).
    public static let keywords: Set<String> = [
        "hostname", "user", "port", "identityfile", "identitiesonly", "userknownhostsfile",
        "stricthostkeychecking", "connecttimeout", "proxyjump",
    ]

    /// Applies one option (`keyword` in any case, its arguments already split). Returns false for
    /// a keyword outside `keywords` (and for a `ProxyCommand` that is not the `ssh -W` form of a
    /// jump host); throws a message for a bad value.
    @discardableResult
    public mutating func apply(keyword: String, arguments: [String]) throws(SSHOptionError) -> Bool {
        let key = keyword.lowercased()
        if key == "proxycommand" {
            // ProxyCommand and ProxyJump compete: the first one given wins, as in OpenSSH.
            guard let hops = JumpHostSpec.fromProxyCommand(arguments) else { return false }
            if proxyJump == nil { proxyJump = hops }
            return true
        }
        guard Self.keywords.contains(key) else { return false }
        guard let first = arguments.first else { throw SSHOptionError("\(keyword) needs a value") }
        let single = { () throws(SSHOptionError) -> String in
            guard arguments.count == 1 else { throw SSHOptionError("\(keyword) takes one value, got \(arguments.count)") }
            return first
        }
        switch key {
        case "hostname": if hostName == nil { hostName = try single() }
        case "user": if user == nil { user = try single() }
        case "port":
            let value = try single()
            guard let number = Int(value), (1...65535).contains(number) else {
                throw SSHOptionError("Port needs a number from 1 to 65535, got '\(value)'")
            }
            if port == nil { port = number }
        case "identityfile": identityFiles.append(try single())
        case "identitiesonly":
            let value = try Self.yesNo(keyword, try single())
            if identitiesOnly == nil { identitiesOnly = value }
        case "userknownhostsfile":
            if userKnownHostsFiles == nil { userKnownHostsFiles = arguments.count == 1 && first.lowercased() == "none" ? [] : arguments }
        case "stricthostkeychecking":
            let value = try single().lowercased()
            let parsed: StrictHostKeyChecking? = switch value {
            case "yes", "true": .yes
            case "no", "off", "false": .no
            case "ask": .ask
            case "accept-new": .acceptNew
            default: nil
            }
            guard let parsed else { throw SSHOptionError("StrictHostKeyChecking must be yes, accept-new, no, off or ask, got '\(value)'") }
            if strictHostKeyChecking == nil { strictHostKeyChecking = parsed }
        case "connecttimeout":
            let value = try single()
            guard let seconds = Int(value), seconds > 0 else {
                throw SSHOptionError("ConnectTimeout needs a number of seconds, got '\(value)'")
            }
            if connectTimeout == nil { connectTimeout = seconds }
        default:  // proxyjump
            let hops = try JumpHostSpec.parseList(try single())
            if proxyJump == nil { proxyJump = hops }
        }
        return true
    }

    /// These settings, with what they leave unset taken from `lower` (identity files appended).
    public func filled(from lower: SSHHostSettings) -> SSHHostSettings {
        var merged = self
        merged.hostName = hostName ?? lower.hostName
        merged.user = user ?? lower.user
        merged.port = port ?? lower.port
        merged.identityFiles = identityFiles + lower.identityFiles
        merged.identitiesOnly = identitiesOnly ?? lower.identitiesOnly
        merged.userKnownHostsFiles = userKnownHostsFiles ?? lower.userKnownHostsFiles
        merged.strictHostKeyChecking = strictHostKeyChecking ?? lower.strictHostKeyChecking
        merged.connectTimeout = connectTimeout ?? lower.connectTimeout
        merged.proxyJump = proxyJump ?? lower.proxyJump
        return merged
    }

    /// Expands OpenSSH's tokens in a file name: `%h` (the host connected to), `%n` (the name as
    /// given), `%p`, `%r` (remote user), `%u` (local user), `%d` (home), `%%`, and a leading `~`.
    public static func expandTokens(_ text: String, host: String, originalHost: String, port: Int, user: String,
                                    localUser: String, home: String) -> String {
        let path = text.expandingTilde(home: home)
        guard path.contains("%") else { return path }
        var expanded = ""
        var chars = path.makeIterator()
        while let char = chars.next() {
            guard char == "%", let token = chars.next() else { expanded.append(char); continue }
            switch token {
            case "h": expanded += host
            case "n": expanded += originalHost
            case "p": expanded += String(port)
            case "r": expanded += user
            case "u": expanded += localUser
            case "d": expanded += home
            case "%": expanded += "%"
            default: expanded += "%\(token)"
            }
        }
        return expanded
    }

    private static func yesNo(_ keyword: String, _ value: String) throws(SSHOptionError) -> Bool {
        switch value.lowercased() {
        case "yes", "true": return true
        case "no", "false": return false
        default: throw SSHOptionError("\(keyword) must be yes or no, got '\(value)'")
        }
    }
}

/// What is wrong with one ssh option value (the caller adds where it was written).
public struct SSHOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
