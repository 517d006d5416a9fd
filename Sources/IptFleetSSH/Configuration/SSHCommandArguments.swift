/// The OpenSSH command-line arguments Ansible users put in `ansible_ssh_common_args` and
/// `ansible_ssh_extra_args`: `-o Option=value`, `-J hops`, `-i file`, `-p port`, `-l user` are
/// read into `SSHHostSettings` (first value wins, as in ssh); everything else is listed in
/// `ignored` so the caller can warn about it.
public struct SSHCommandArguments: Sendable, Equatable {
    public var settings = SSHHostSettings()
    /// What iptfleet does not honour: `-o` option names (`ControlMaster`) and flags (`-C`).
    public var ignored: [String] = []

    /// ssh flags that take a value (the value is skipped along with the flag).
    static let flagsWithValue: Set<Character> = ["B", "b", "c", "D", "E", "e", "F", "I", "L", "m", "O", "Q", "R", "S", "W", "w"]

    public init() {}

    /// Reads `words` (already split like a shell would), adding to what is there.
    public mutating func read(_ words: [String]) throws(SSHOptionError) {
        var index = 0
        func value(_ flag: Character, _ word: String) throws(SSHOptionError) -> String {
            if word.count > 2 { return String(word.dropFirst(2)) }
            index += 1
            guard index < words.count else { throw SSHOptionError("-\(flag) needs a value") }
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            guard word.hasPrefix("-"), word.count >= 2 else {
                throw SSHOptionError("'\(word)' is not an ssh option (a host name or command does not belong here)")
            }
            let flag = word[word.index(after: word.startIndex)]
            switch flag {
            case "o":
                let option = try value(flag, word)
                let parts = try SSHConfig.split(option)
                guard let keyword = parts.first else { throw SSHOptionError("-o needs an option") }
                do {
                    if try !settings.apply(keyword: keyword, arguments: Array(parts.dropFirst())) { ignored.append(keyword) }
                } catch {
                    throw SSHOptionError("-o \(option): \(error.description)")
                }
            case "J": try settings.apply(keyword: "ProxyJump", arguments: [try value(flag, word)])
            case "i": try settings.apply(keyword: "IdentityFile", arguments: [try value(flag, word)])
            case "p": try settings.apply(keyword: "Port", arguments: [try value(flag, word)])
            case "l": try settings.apply(keyword: "User", arguments: [try value(flag, word)])
            default:
                if Self.flagsWithValue.contains(flag) {
                    _ = try value(flag, word)
                    ignored.append("-\(flag)")
                } else {
                    // Combined flags such as -qC: each is ignored.
                    ignored += word.dropFirst().map { "-\($0)" }
                }
            }
            index += 1
        }
    }
}
