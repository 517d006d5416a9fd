import Foundation

/// The real ansible-core that compatibility tests compare iptfleet with (from PyPI, set up by
/// `Scripts/ansible-venv`), and how to show where two outputs part.
public enum ReferenceAnsible {
    /// `ansible-inventory`: `IPTFLEET_ANSIBLE_INVENTORY`, else the venv that Scripts/ansible-venv creates.
    public static let inventory: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [
            environment["IPTFLEET_ANSIBLE_INVENTORY"],
            environment["IPTFLEET_ANSIBLE_VENV"].map { $0 + "/bin/ansible-inventory" },
            NSHomeDirectory() + "/.cache/iptfleet/ansible-venv/bin/ansible-inventory",
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The directory of `ansible-inventory` (the venv's `bin`, with its `python` and the other
    /// ansible commands), or nil.
    public static var binDirectory: String? {
        inventory.map { ($0 as NSString).deletingLastPathComponent }
    }

    /// Another command of the same installation (`ansible-playbook`, `ansible-vault`, …), if present.
    public static func tool(_ name: String) -> String? {
        binDirectory.map { $0 + "/" + name }.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }

    /// Both texts around the first character where they differ, for a readable failure message.
    public static func firstDifference(_ a: String, _ b: String) -> String {
        let left = Array(a), right = Array(b)
        let index = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
        let start = max(0, index - 80)
        return "ours: …\(String(left[start..<min(left.count, index + 40)]))… ansible: …\(String(right[start..<min(right.count, index + 40)]))…"
    }
}
