import Foundation
import Yams

/// `manifest.yml` of a templates directory: which template becomes which file on the host, and
/// what each file is to iptfleet (`FileRole`).
public struct TemplateManifest: Sendable, Equatable {
    /// One installed file.
    public struct Entry: Sendable, Equatable {
        /// Template file name inside the templates directory.
        public let template: String
        /// Absolute path on the host.
        public let path: String
        /// Octal mode as a string, e.g. "0700".
        public let mode: String
        public let role: FileRole
    }

    public let files: [Entry]

    public static let fileName = "manifest.yml"

    /// The manifest as written, before it is checked.
    private struct Written: Decodable {
        struct Entry: Decodable {
            let template: String
            let path: String
            let mode: String
            let role: String?
        }

        let files: [Entry]
    }

    /// Reads and checks `manifest.yml` in `directory`.
    public static func load(fromDirectory directory: String) throws(RenderError) -> TemplateManifest {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let written: Written
        let nodes: [Node]
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let node = try Yams.compose(yaml: text) ?? Node("")
            written = try YAMLDecoder().decode(Written.self, from: node)
            nodes = node["files"]?.sequence.map(Array.init) ?? []
        } catch {
            throw RenderError(origin: VariableOrigin(file: path, line: nil), message: "cannot read the templates manifest: \(error)")
        }
        var files: [Entry] = []
        for (index, entry) in written.files.enumerated() {
            let node = index < nodes.count ? nodes[index] : nil
            let origin = VariableOrigin(file: path, line: node?.mark?.line)
            guard entry.path.hasPrefix("/"), !entry.path.contains(".."), !entry.path.contains(where: \.isWhitespace) else {
                throw RenderError(origin: origin, message: "'\(entry.path)' must be an absolute path without '..' or spaces")
            }
            guard entry.mode.count == 4, UInt16(entry.mode, radix: 8) != nil else {
                throw RenderError(origin: origin, message: "mode '\(entry.mode)' of \(entry.path) must be four octal digits, e.g. \"0700\"")
            }
            guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(entry.template)) else {
                throw RenderError(origin: origin, message: "template '\(entry.template)' does not exist in \(directory)")
            }
            let roleOrigin = VariableOrigin(file: path, line: node?["role"]?.mark?.line ?? origin.line)
            let role = try FileRole(entry.role, of: entry.path, at: roleOrigin)
            if role.isFirewallPart, let other = files.first(where: { $0.role.name == role.name }) {
                throw RenderError(origin: roleOrigin, message: "\(entry.path) has role: \(role.name), as \(other.path) has; only one file can")
            }
            files.append(Entry(template: entry.template, path: entry.path, mode: entry.mode, role: role))
        }
        return TemplateManifest(files: files)
    }
}
