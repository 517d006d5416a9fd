import Foundation

/// An OpenSSH client configuration file (`~/.ssh/config`, `ssh -F FILE`), read as OpenSSH reads
/// it: `Host` blocks with several patterns, `*` and `?` wildcards and `!` negation; the first
/// value obtained for an option wins; `Include` (relative paths are under `~/.ssh`, globs
/// allowed). `Match` blocks are skipped with a warning. Options iptfleet does not use are
/// ignored, except the ones that would change where the connection goes (`ProxyCommand`,
/// `HostKeyAlias`), which `settings(for:)` reports.
///
/// ```swift
/// let config = try SSHConfig.load(path: "~/.ssh/config", homeDirectory: NSHomeDirectory())
/// let settings = config.settings(for: "web1")   // HostName, User, Port, IdentityFile, ProxyJump…
/// ```
public struct SSHConfig: Sendable {
    /// Where a line was written.
    public struct Origin: Sendable, Hashable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public var description: String { "\(file):\(line)" }
    }

    /// One option line with the `Host` pattern lists that must all match for it to apply.
    struct Line: Sendable {
        let keyword: String
        let arguments: [String]
        let origin: Origin
        let conditions: [[String]]?
    }

    /// What applies to one host.
    public struct Lookup: Sendable {
        public var settings: SSHHostSettings
        /// Options in effect that iptfleet cannot honour, with where they were set.
        public var unsupported: [(keyword: String, origin: Origin)]
    }

    /// The file as given (after `~` expansion).
    public let path: String
    /// `Match` blocks and unreadable `Include`s, one message each.
    public private(set) var warnings: [String] = []
    private(set) var lines: [Line] = []

    /// Options that change where or how the connection is made; set but not honoured, they are
    /// worth a warning. Every other option iptfleet does not use is ignored silently.
    static let significantUnsupported: Set<String> = ["proxycommand", "hostkeyalias", "canonicalizehostname", "knownhostscommand"]

    /// Reads `path` (and what it includes). A missing file is an empty configuration unless
    /// `required` (a file the user named with `-F` must exist).
    public static func load(path: String, homeDirectory: String, required: Bool = false) throws(SSHConfigError) -> SSHConfig {
        let expanded = path.expandingTilde(home: homeDirectory)
        var config = SSHConfig(path: expanded)
        guard FileManager.default.fileExists(atPath: expanded) else {
            if required { throw SSHConfigError(origin: nil, file: expanded, message: "no such file") }
            return config
        }
        try config.read(file: expanded, home: homeDirectory, conditions: [], depth: 0)
        return config
    }

    /// Parses configuration text (for tests and for `-o` style options).
    public static func parse(_ text: String, file: String, homeDirectory: String) throws(SSHConfigError) -> SSHConfig {
        var config = SSHConfig(path: file)
        try config.read(text: text, file: file, home: homeDirectory, conditions: [], depth: 0)
        return config
    }

    private init(path: String) {
        self.path = path
    }

    /// The options that apply to `host` (the name given on the command line: `ansible_host` or
    /// the inventory name), first value winning.
    public func settings(for host: String) -> Lookup {
        let name = host.lowercased()
        var lookup = Lookup(settings: SSHHostSettings(), unsupported: [])
        for line in lines {
            // nil conditions: a line of a skipped `Match` block.
            guard let conditions = line.conditions, conditions.allSatisfy({ Self.matches(name, patterns: $0) }) else { continue }
            if (try? lookup.settings.apply(keyword: line.keyword, arguments: line.arguments)) == false,
               Self.significantUnsupported.contains(line.keyword.lowercased()) {
                lookup.unsupported.append((line.keyword, line.origin))
            }
        }
        return lookup
    }

    /// Whether a `Host` line's patterns select `host`: one positive pattern matches and no
    /// negated one does (as in OpenSSH).
    static func matches(_ host: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if wildcardMatch(host, Substring(pattern.dropFirst())) { return false }
            } else if wildcardMatch(host, Substring(pattern)) {
                matched = true
            }
        }
        return matched
    }

    /// `*` (any run of characters) and `?` (one character).
    static func wildcardMatch(_ text: String, _ pattern: Substring) -> Bool {
        let text = Array(text.unicodeScalars), pattern = Array(pattern.unicodeScalars)
        var t = 0, p = 0, starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                t += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    // MARK: - Reading

    private mutating func read(file: String, home: String, conditions: [[String]]?, depth: Int) throws(SSHConfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SSHConfigError(origin: nil, file: file, message: "cannot read it: \(error.localizedDescription)")
        }
        try read(text: text, file: file, home: home, conditions: conditions, depth: depth)
    }

    private mutating func read(text: String, file: String, home: String, conditions: [[String]]?, depth: Int) throws(SSHConfigError) {
        // nil conditions: the lines of a skipped `Match` block, which never apply.
        let base = conditions
        var current = conditions
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let origin = Origin(file: file, line: index + 1)
            let words: [String]
            do {
                words = try Self.split(String(rawLine))
            } catch {
                throw SSHConfigError(origin: origin, file: file, message: error.description)
            }
            guard let keyword = words.first else { continue }
            let arguments = Array(words.dropFirst())
            switch keyword.lowercased() {
            case "host":
                guard !arguments.isEmpty else { throw SSHConfigError(origin: origin, file: file, message: "Host needs at least one pattern") }
                current = base.map { $0 + [arguments] }
            case "match":
                warnings.append("\(origin): Match blocks are not supported by iptfleet; the lines up to the next Host or Match are ignored")
                current = nil
            case "include":
                guard !arguments.isEmpty else { throw SSHConfigError(origin: origin, file: file, message: "Include needs a file name") }
                guard depth < 16 else { throw SSHConfigError(origin: origin, file: file, message: "Include nested more than 16 deep (a loop?)") }
                for argument in arguments {
                    var included = argument.expandingTilde(home: home)
                    if !included.hasPrefix("/") { included = home + "/.ssh/" + included }
                    for match in Self.expandGlob(included) {
                        try read(file: match, home: home, conditions: current, depth: depth + 1)
                    }
                }
            default:
                var scratch = SSHHostSettings()
                do {
                    try scratch.apply(keyword: keyword, arguments: arguments)
                } catch {
                    throw SSHConfigError(origin: origin, file: file, message: error.description)
                }
                lines.append(Line(keyword: keyword, arguments: arguments, origin: origin, conditions: current))
            }
        }
    }

    /// Splits a line into keyword and arguments as OpenSSH does: whitespace or one `=` after the
    /// keyword, double- or single-quoted arguments, `#` starting a comment between words.
    static func split(_ line: String) throws(SSHOptionError) -> [String] {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        var rest = line.drop(while: isSpace)
        if rest.isEmpty || rest.hasPrefix("#") { return [] }
        let keywordEnd = rest.firstIndex { isSpace($0) || $0 == "=" } ?? rest.endIndex
        let keyword = String(rest[..<keywordEnd])
        rest = rest[keywordEnd...].drop(while: isSpace)
        if rest.hasPrefix("=") { rest = rest.dropFirst().drop(while: isSpace) }
        var words = [keyword]
        var word = ""
        var inWord = false
        var quote: Character?
        for char in rest {
            if let open = quote {
                if char == open { quote = nil } else { word.append(char) }
            } else if isSpace(char) {
                if inWord { words.append(word); word = ""; inWord = false }
            } else if char == "#" && !inWord {
                return words
            } else if char == "\"" || char == "'" {
                quote = char
                inWord = true
            } else {
                word.append(char)
                inWord = true
            }
        }
        if let open = quote { throw SSHOptionError("no closing quotation (\(open))") }
        if inWord { words.append(word) }
        return words
    }

    private static func expandGlob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
    }
}

/// A line of an ssh_config file (or the file itself) that cannot be used.
public struct SSHConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let origin: SSHConfig.Origin?
    public let file: String
    public let message: String

    public var description: String {
        "\(origin?.description ?? file): \(message)"
    }
}
