/// The rule for inventory host names. Ansible takes any word of a host line as a name; iptfleet
/// puts the name into rendered files, their comments and `render --out` paths, so it refuses the
/// characters that could break out of those: controls (a CR ends a systemd line), whitespace and
/// `/`, the names `.` and `..`, and names longer than any real host name.
enum HostName {
    /// Longer than a DNS name (253) can be.
    static let maximumLength = 255

    /// Why `name` cannot be a host name, or nil when it can.
    static func problem(with name: String) -> String? {
        if name == "." || name == ".." { return "'.' and '..' are not host names" }
        if name.unicodeScalars.count > maximumLength { return "longer than \(maximumLength) characters" }
        if let bad = name.unicodeScalars.first(where: { $0.isInvisible || $0 == " " }) {
            return "contains \(bad == " " ? "a space" : "the invisible character \(bad.escaped(asASCII: true))"); a host name may not hold control characters or whitespace"
        }
        if name.contains("/") { return "contains '/'; a host name may not hold a path separator" }
        return nil
    }
}
