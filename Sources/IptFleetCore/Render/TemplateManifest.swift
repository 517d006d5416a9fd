import Foundation
import Yams

/// `manifest.yml` of a templates directory: which template becomes which file on the host.
public struct TemplateManifest: Sendable, Equatable, Decodable {
    /// One installed file.
    public struct Entry: Sendable, Equatable, Decodable {
        /// Template file name inside the templates directory.
        public let template: String
        /// Absolute path on the host.
        public let path: String
        /// Octal mode as a string, e.g. "0700".
        public let mode: String
    }

    public let files: [Entry]

    public static let fileName = "manifest.yml"

    /// Reads and checks `manifest.yml` in `directory`.
    public static func load(fromDirectory directory: String) throws(RenderError) -> TemplateManifest {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let origin = VariableOrigin(file: path, line: nil)
        let manifest: TemplateManifest
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            manifest = try YAMLDecoder().decode(TemplateManifest.self, from: text)
        } catch {
            throw RenderError(origin: origin, message: "cannot read the templates manifest: \(error)")
        }
        for entry in manifest.files {
            guard entry.path.hasPrefix("/"), !entry.path.contains(".."), !entry.path.contains(where: \.isWhitespace) else {
                throw RenderError(origin: origin, message: "'\(entry.path)' must be an absolute path without '..' or spaces")
            }
            guard entry.mode.count == 4, UInt16(entry.mode, radix: 8) != nil else {
                throw RenderError(origin: origin, message: "mode '\(entry.mode)' of \(entry.path) must be four octal digits, e.g. \"0700\"")
            }
            guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(entry.template)) else {
                throw RenderError(origin: origin, message: "template '\(entry.template)' does not exist in \(directory)")
            }
        }
        return manifest
    }
}
