/// Ansible's boolean words: what its `bool` filter reads as true or false, in any case.
/// Anything else is rejected rather than silently read as false.
enum AnsibleBoolean {
    static let trueWords: Set<String> = ["y", "yes", "on", "1", "true", "t"]
    static let falseWords: Set<String> = ["n", "no", "off", "0", "false", "f"]

    static func value(of value: VariableValue) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .int(let number) where number == 0 || number == 1: return number == 1
        case .float(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            let word = text.trimmingCharacters(in: .whitespaces).lowercased()
            if trueWords.contains(word) { return true }
            if falseWords.contains(word) { return false }
            return nil
        default: return nil
        }
    }
}
