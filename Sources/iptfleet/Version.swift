/// What `iptfleet --version` prints.
///
/// A plain `swift build` says `dev`; `Scripts/package-deb` writes the output of
/// `git describe --tags --always --dirty` into this line for the release build and puts the
/// file back afterwards (see Docs/packaging.md).
enum Version {
    static let current = "dev"
}
