/// Which variables hold secrets, by name: those whose name holds pass, pwd, secret, token, key,
/// credential, vault or auth, unless it ends in `_file` or `_path` (those name a file, such as
/// `ansible_ssh_private_key_file`, and a path is worth showing). Their values are never printed
/// or recorded.
public enum SecretVariableName {
    private static let secretWords = ["pass", "pwd", "secret", "token", "key", "credential", "vault", "auth"]

    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered.hasSuffix("_file") || lowered.hasSuffix("_path") { return false }
        return secretWords.contains { lowered.contains($0) }
    }
}
