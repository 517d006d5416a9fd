import Foundation

extension String {
    /// This path as an absolute path with symbolic links resolved, for telling whether two
    /// spellings (`.`, `/srv/project`, a link to it) name the same directory.
    var canonicalPath: String {
        URL(fileURLWithPath: self).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
