import Foundation

/// A program whose output is an inventory in the script protocol's JSON: an executable inventory
/// source (run with `--list`, and `--host NAME` when the output has no `_meta`), or
/// `ansible-inventory` reading a source iptfleet cannot (run with `-i SRC --list`). It runs before
/// any host is contacted; a failure is an error naming the program, with what it wrote to stderr.
struct InventoryProgram {
    /// The file errors name: the script, or the source handed to ansible-inventory.
    let source: String
    let executable: String
    let arguments: [String]
    var timeLimit = BoundedCommand.timeLimit

    /// An inventory script.
    static func script(_ path: String) -> InventoryProgram {
        // A bare name would be looked up in PATH; the source is a file here.
        let executable = path.contains("/") ? path : "./" + path
        return InventoryProgram(source: path, executable: executable, arguments: [])
    }

    func load(into inventory: inout Inventory) throws(InventoryError) {
        let (listing, stderr) = try output(arguments + ["--list"])
        do {
            try JsonInventoryParser(source: "\(source) (--list output)").parse(listing, into: &inventory) { host throws(InventoryError) in
                try hostVariables(host)
            }
        } catch {
            throw InventoryError(origin: error.origin, message: error.message + stderr)
        }
    }

    /// The variables the program gives for `--host NAME` (empty output: none).
    private func hostVariables(_ host: String) throws(InventoryError) -> VariableSet {
        let (text, stderr) = try output(arguments + ["--host", host])
        guard !text.trimmed.isEmpty else { return [:] }
        let origin = "\(source) (--host \(host.excerpt()) output)"
        do throws(InventoryError) {
            let (root, converter) = try JsonInventoryParser.jsonDocument(text, source: origin)
            guard case .mapping(let mapping) = root else {
                throw InventoryError(origin: VariableOrigin(file: origin, line: nil), message: "the output must be a JSON object of variables")
            }
            return try converter.variables(of: mapping)
        } catch {
            throw InventoryError(origin: error.origin, message: error.message + stderr)
        }
    }

    /// The program's stdout as text and its stderr as a note for errors about that text, or an
    /// error with its exit status and stderr.
    private func output(_ arguments: [String]) throws(InventoryError) -> (String, String) {
        let whole = VariableOrigin(file: source, line: nil)
        let command = ([executable] + arguments).map { $0.excerpt() }.joined(separator: " ")
        let result: BoundedCommand.Output
        do {
            result = try BoundedCommand.run(executable, arguments, timeLimit: timeLimit)
        } catch {
            throw InventoryError(origin: whole, message: "inventory program '\(command)' failed: \(error)")
        }
        let stderr = String(decoding: result.stderr, as: UTF8.self).trimmed
        let shownStderr = stderr.isEmpty ? "" : "; it wrote to stderr:\n" + TerminalText.escaped(String(stderr.suffix(4000)), keepingLineBreaks: true)
        guard result.status == 0 else {
            throw InventoryError(origin: whole, message: "inventory program '\(command)' exited with status \(result.status)\(shownStderr)")
        }
        do {
            return (try InputFile.decode(result.stdout, path: "\(source) output"), shownStderr)
        } catch {
            throw InventoryError(origin: error.origin, message: error.message + shownStderr)
        }
    }
}
