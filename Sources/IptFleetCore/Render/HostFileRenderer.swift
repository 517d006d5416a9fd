import PathKit
import Stencil

/// Renders the files of a templates directory (see `TemplateManifest`) for one host.
/// Not Sendable (Stencil's environment is not): make one per thread.
public final class HostFileRenderer {
    public let directory: String
    public let manifest: TemplateManifest
    private let environment: Environment

    public init(templatesDirectory directory: String) throws(InventoryError) {
        self.directory = directory
        manifest = try TemplateManifest.load(fromDirectory: directory)
        environment = Environment(loader: FileSystemLoader(paths: [Path(directory)]), trimBehaviour: .smart)
    }

    /// Every file of the manifest, rendered for `configuration`, in manifest order.
    public func render(_ configuration: HostConfiguration) throws(InventoryError) -> [RenderedFile] {
        let context = TemplateContext.make(for: configuration, manifest: manifest)
        var files: [RenderedFile] = []
        for entry in manifest.files {
            let content: String
            do {
                content = try environment.renderTemplate(name: entry.template, context: context)
            } catch {
                throw InventoryError(origin: VariableOrigin(file: "\(directory)/\(entry.template)", line: nil), message: "template error: \(error)")
            }
            files.append(RenderedFile(path: entry.path, owner: "root", group: "root", mode: UInt16(entry.mode, radix: 8) ?? 0o600, content: content))
        }
        return files
    }
}
