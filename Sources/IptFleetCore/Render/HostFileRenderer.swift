import PathKit
import Stencil

/// Renders the files of a templates directory (see `TemplateManifest`) for one host.
/// Not Sendable (Stencil's environment is not): make one per thread.
public final class HostFileRenderer {
    public let directory: String
    public let manifest: TemplateManifest
    /// Each template read and parsed once, in manifest order: parsing costs far more than
    /// rendering, and a fleet renders the same templates for every host.
    private let templates: [Template]

    public init(templatesDirectory directory: String) throws(RenderError) {
        self.directory = directory
        do {
            try ResourceTrust.verify(directory: directory, what: "templates")
        } catch {
            throw RenderError(origin: error.origin, message: error.message)
        }
        manifest = try TemplateManifest.load(fromDirectory: directory)
        let environment = Environment(loader: FileSystemLoader(paths: [Path(directory)]), trimBehaviour: .smart)
        var templates: [Template] = []
        for entry in manifest.files {
            do {
                templates.append(try environment.loadTemplate(name: entry.template))
            } catch {
                throw RenderError(origin: VariableOrigin(file: "\(directory)/\(entry.template)", line: nil), message: "template error: \(error)")
            }
        }
        self.templates = templates
    }

    /// Every file of the manifest, rendered for `configuration`, in manifest order.
    public func render(_ configuration: HostConfiguration) throws(RenderError) -> [RenderedFile] {
        let context = TemplateContext.make(for: configuration, manifest: manifest)
        var files: [RenderedFile] = []
        for (entry, template) in zip(manifest.files, templates) {
            let content: String
            do {
                content = try template.render(context)
            } catch {
                throw RenderError(origin: VariableOrigin(file: "\(directory)/\(entry.template)", line: nil), message: "template error: \(error)")
            }
            files.append(RenderedFile(path: entry.path, owner: "root", group: "root", mode: UInt16(entry.mode, radix: 8) ?? 0o600, content: content,
                                      role: entry.role))
        }
        return files
    }
}
