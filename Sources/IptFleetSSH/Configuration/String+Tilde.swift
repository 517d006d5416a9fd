extension String {
    /// The path with a leading `~` (alone, or before `/`) made `home`, as OpenSSH expands
    /// `~/.ssh/config`, `IdentityFile` and `Include`; `~user` is left as it is.
    func expandingTilde(home: String) -> String {
        self == "~" ? home : (hasPrefix("~/") ? home + dropFirst() : self)
    }
}
