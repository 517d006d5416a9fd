import ArgumentParser
import Foundation
import IptFleetCore

/// `iptfleet render`: the files a host would get, printed or written to a directory.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the files that would be installed on hosts, without contacting them.",
        discussion: """
            HOSTS is a host name or an Ansible host pattern. With --dry-run (the default) every \
            file is printed with its remote path, owner, mode and sha256; with --out DIR each file \
            is written at its remote path under DIR.
            """
    )

    @Argument(help: ArgumentHelp("Host name or host pattern.", valueName: "hosts"))
    var hosts: String

    @OptionGroup var fleetOptions: FleetOptions

    @Flag(help: "Print the files (the default).")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the files under this directory instead of printing them.", valueName: "dir"))
    var out: String?

    @OptionGroup var templateOptions: TemplateOptions

    func validate() throws {
        if dryRun, out != nil { throw ValidationError("--dry-run and --out exclude each other") }
    }

    func run() throws {
        let fleet = try fleetOptions.loadFleet(limit: hosts)
        do {
            let renderer = try HostFileRenderer(templatesDirectory: templateOptions.directory)
            for configuration in fleet.configurations {
                let files = try renderer.render(configuration)
                if let out {
                    try write(files, host: configuration.name, under: fleet.configurations.count > 1 ? "\(out)/\(configuration.name)" : out)
                } else {
                    print(files, host: configuration.name)
                }
            }
        } catch let error as RenderError {
            throw InputError(error.description)
        }
    }

    private func print(_ files: [RenderedFile], host: String) {
        for file in files {
            Console.output("==> \(host): \(file.path) (owner \(file.owner):\(file.group), mode \(file.modeString), sha256 \(file.sha256))")
            Console.output(file.content.hasSuffix("\n") ? String(file.content.dropLast()) : file.content)
        }
    }

    private func write(_ files: [RenderedFile], host: String, under root: String) throws {
        for file in files {
            let url = URL(fileURLWithPath: root + file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.content.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: url.path)
            Console.note("\(host): wrote \(url.path) (mode \(file.modeString), sha256 \(file.sha256))")
        }
    }
}
