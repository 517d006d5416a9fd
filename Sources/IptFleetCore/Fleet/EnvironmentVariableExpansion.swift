import Foundation

/// `$NAME` and `${NAME}` in a path from ansible.cfg, replaced as Python's `os.path.expandvars`
/// replaces them (Ansible expands every path setting with it, so `inventory = $PWD/inventories/`
/// works): NAME is ASCII letters, digits and `_`, or anything up to the `}` in braces; a
/// variable that is not set stays as written, and so does a `$` that starts no name.
enum EnvironmentVariableExpansion {
    static func expand(_ path: String, environment: [String: String]) -> String {
        var result = ""
        var rest = Substring(path)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let start = rest.index(after: dollar)
            let name: Substring, end: Substring.Index
            if start < rest.endIndex, isNameCharacter(rest[start]) {
                end = rest[start...].firstIndex { !isNameCharacter($0) } ?? rest.endIndex
                name = rest[start..<end]
            } else if start < rest.endIndex, rest[start] == "{", let close = rest[start...].firstIndex(of: "}") {
                end = rest.index(after: close)
                name = rest[rest.index(after: start)..<close]
            } else {
                result += "$"
                rest = rest[start...]
                continue
            }
            result += environment[String(name)] ?? String(rest[dollar..<end])
            rest = rest[end...]
        }
        return result + rest
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }
}
