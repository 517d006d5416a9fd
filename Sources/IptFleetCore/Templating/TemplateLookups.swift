import Foundation

/// The lookup plugins iptfleet runs: `env` (the controller's environment) and `file` (a file's
/// text, found as Ansible finds it for inventory variables: relative to the playbook
/// directory's `files/`, then to the playbook directory). Any other plugin is refused.
struct TemplateLookups: Sendable {
    /// Where relative `file` paths start: the playbook directory, else the working directory.
    let baseDirectory: String
    let environment: [String: String]

    func run(_ plugin: String, terms: [VariableValue], options: [String: VariableValue]) throws(TemplateError) -> [VariableValue] {
        switch plugin {
        case "env":
            if let unknown = options.keys.sorted().first(where: { $0 != "default" }) { throw TemplateError("lookup('env'): unknown option '\(unknown)'") }
            return terms.map { term in
                let name = term.pythonString.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
                return environment[name].map(VariableValue.string) ?? options["default"] ?? .string("")
            }
        case "file":
            if let unknown = options.keys.sorted().first(where: { $0 != "lstrip" && $0 != "rstrip" }) {
                throw TemplateError("lookup('file'): unknown option '\(unknown)'")
            }
            var result: [VariableValue] = []
            for term in terms {
                var text = try read(term.pythonString)
                if options["lstrip"]?.isTruthy ?? false { text = String(text.drop(while: \.isWhitespace)) }
                if options["rstrip"]?.isTruthy ?? true { text = PythonStrings.strip(text, characters: nil, leading: false, trailing: true) }
                result.append(.string(text))
            }
            return result
        default:
            throw TemplateError.unsupported("lookup plugin", plugin)
        }
    }

    private func read(_ term: String) throws(TemplateError) -> String {
        let candidates = term.hasPrefix("/") ? [term] : [baseDirectory + "/files/" + term, baseDirectory + "/" + term]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TemplateError("lookup('file'): could not find '\(term)' (looked in \(candidates.joined(separator: ", ")))")
        }
        do {
            return try InputFile.read(path)
        } catch {
            throw TemplateError("lookup('file'): \(error.description)")
        }
    }
}
