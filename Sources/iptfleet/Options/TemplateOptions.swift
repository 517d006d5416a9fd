import ArgumentParser
import IptFleetCore

/// `--templates`, for the commands that render the host's files.
struct TemplateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Templates directory (default: the shipped Templates).", valueName: "dir"))
    var templates: String?

    /// `--templates`, else the shipped Templates.
    var directory: String { Self.directory(templates) }

    /// `given`, else `$IPTFLEET_TEMPLATES`, else the Templates shipped beside the binary.
    static func directory(_ given: String? = nil) -> String {
        given ?? ResourceLocator.directory(named: "Templates", environmentVariable: "IPTFLEET_TEMPLATES")
    }
}
