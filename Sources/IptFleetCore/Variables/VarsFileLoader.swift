import OrderedCollections
import Foundation
import Yams

/// Reads a group_vars/host_vars/extra-vars file (YAML or JSON) into variables, keeping the line
/// each top-level variable and each list item was defined on. Warnings (a repeated key) are
/// added to `warnings`. A vault-encrypted file is decrypted with `vault` first, as Ansible's
/// loader does (`VaultFile`).
enum VarsFileLoader {
    static func load(path: String, vault: VaultKeyring, warnings: inout [String]) throws(InventoryError) -> VariableSet {
        let (text, decrypted) = try VaultFile.read(path, vault: vault)
        guard decrypted else { return try parse(text, path: path, warnings: &warnings) }
        return VaultFile.marked(try VaultFile.withholdingErrors(in: path) { () throws(InventoryError) in try parse(text, path: path, warnings: &warnings) })
    }

    static func parse(_ text: String, path: String, warnings: inout [String]) throws(InventoryError) -> VariableSet {
        let (root, converter) = try compose(text, path: path)
        guard let root else { return [:] }
        switch root {
        case .mapping(let mapping):
            let variables = try converter.variables(of: mapping)
            warnings += converter.warnings
            return variables
        case .scalar(let scalar) where converter.value(ofScalar: scalar) == .null:
            return [:]
        default:
            throw InventoryError(origin: VariableOrigin(file: path, line: root.mark?.line ?? 1),
                                 message: "a vars file must hold a mapping of variable names to values, not \(try converter.value(of: root).typeDescription)")
        }
    }

    /// The document's root node (nil when empty) and a converter typing its values as Ansible's
    /// loader does: as JSON when the whole text is JSON, else with PyYAML's rules. A repeated
    /// key is an error in an `inventory`, else a warning (`DuplicateKeyTagging`).
    static func compose(_ text: String, path: String, inventory: Bool = false) throws(InventoryError) -> (Node?, Converter) {
        // Ansible tries JSON first; only a document that opens like one can be one.
        let opensLikeJSON = text.first(where: { !$0.isWhitespace }).map { $0 == "{" || $0 == "[" } ?? false
        let isJSON = opensLikeJSON && (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil
        let root: Node?
        do {
            // An explicit encoding: Yams' default reads the process environment on every call.
            root = try DuplicateKeyTagging.compose(text, path: path, tolerating: !inventory)
        } catch let error as InventoryError {
            throw error
        } catch let error as YamlError {
            throw Self.error(from: error, path: path)
        } catch {
            throw InventoryError(origin: VariableOrigin(file: path, line: nil), message: "invalid YAML: \(error)")
        }
        let converter = Converter(path: path, json: isJSON)
        converter.line = root?.mark?.line
        return (root, converter)
    }

    private static func error(from error: YamlError, path: String) -> InventoryError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return InventoryError(origin: VariableOrigin(file: path, line: mark.line), message: "invalid YAML (column \(mark.column)): \(detail)")
        default:
            return InventoryError(origin: VariableOrigin(file: path, line: nil), message: "invalid YAML: \(error)")
        }
    }

    /// The most values one file may expand to. Yams hands over aliases (`*a`) and merge keys
    /// (`<<: *a`) already resolved, so a few lines of them can stand for billions of values.
    static let maximumValues = 200_000
    /// The deepest nesting of values, which aliases can build beyond libyaml's own limit.
    static let maximumDepth = 1_000

    /// Turns Yams nodes into `VariableValue`s with PyYAML's (or JSON's) scalar typing, counting
    /// the values against `maximumValues` and `maximumDepth`.
    final class Converter {
        let path: String
        let json: Bool
        /// The line of the top-level variable being converted, where a limit is reported.
        var line: Int?
        /// Repeated keys, each as "file:line: …", in the order met.
        private(set) var warnings: [String] = []
        private var values = 0
        private var depth = 0

        init(path: String, json: Bool) {
            self.path = path
            self.json = json
        }

        /// Counts `added` more values.
        private func count(_ added: Int) throws(InventoryError) {
            values += added
            if values > VarsFileLoader.maximumValues {
                throw InventoryError(origin: VariableOrigin(file: path, line: line),
                                     message: "expands to more than \(VarsFileLoader.maximumValues) values (YAML aliases or merge keys repeating each other?)")
            }
        }

        /// Counts one more value at one more level of nesting; `leave()` ends the level.
        func enter() throws(InventoryError) {
            try count(1)
            depth += 1
            if depth > VarsFileLoader.maximumDepth {
                throw InventoryError(origin: VariableOrigin(file: path, line: line),
                                     message: "values nested more than \(VarsFileLoader.maximumDepth) levels deep (through YAML aliases or merge keys)")
            }
        }

        func leave() { depth -= 1 }

        /// The mapping's pairs as variables, each with the line of its key.
        func variables(of mapping: Node.Mapping) throws(InventoryError) -> VariableSet {
            var result: VariableSet = [:]
            for (key, item) in try pairs(of: mapping) {
                let origin = VariableOrigin(file: path, line: key.mark?.line)
                line = key.mark?.line
                result[try keyString(key)] = Variable(try value(of: item), origin: origin, elementLines: elementLines(of: item))
            }
            return result
        }

        func value(of node: Node) throws(InventoryError) -> VariableValue {
            try enter()
            defer { leave() }
            switch node {
            case .scalar(let scalar):
                return value(ofScalar: scalar)
            case .sequence(let sequence):
                var items: [VariableValue] = []
                for item in sequence { items.append(try value(of: item)) }
                return .list(items)
            case .mapping(let mapping):
                // JSON's form of an encrypted value, which Ansible's JSON decoder reads as one.
                if json, mapping.count == 1, case .scalar(let key)? = mapping.keys.first, key.string == VaultedText.jsonKey,
                   case .scalar(let envelope)? = mapping.values.first {
                    return .vault(VaultedText(envelope: envelope.string, origin: VariableOrigin(file: path, line: envelope.mark?.line)))
                }
                var dict: OrderedDictionary<String, VariableValue> = [:]
                for (key, item) in try pairs(of: mapping) { dict[try keyString(key)] = try value(of: item) }
                return .dict(dict)
            case .alias(let alias):
                throw InventoryError(origin: VariableOrigin(file: path, line: alias.mark?.line), message: "unresolved YAML alias *\(alias.anchor.rawValue)")
            }
        }

        func value(ofScalar scalar: Node.Scalar) -> VariableValue {
            // A repeated key keeps the typing it had before `DuplicateKeyTagging` tagged it.
            let tag = DuplicateKeyTagging.isDuplicateTag(scalar.tag.description) ? Tag.Name.implicit.rawValue : scalar.tag.description
            switch tag {
            case Tag.Name.str.rawValue:
                return .string(scalar.string)
            case "!vault", "!vault-encrypted":
                // Ansible's loader: encrypted text, decrypted only where it is used.
                return .vault(VaultedText(envelope: scalar.string, origin: VariableOrigin(file: path, line: scalar.mark?.line)))
            case Tag.Name.implicit.rawValue, Tag.Name.nonSpecific.rawValue:
                guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
                return json ? YAMLScalarTyping.typedValue(ofJSON: scalar.string) : YAMLScalarTyping.typedValue(ofPlain: scalar.string)
            case let tag where tag.hasPrefix("tag:yaml.org"):
                return YAMLScalarTyping.typedValue(ofPlain: scalar.string)
            default:
                // Other explicit tags (Ansible's !unsafe, …) keep their text.
                return .string(scalar.string)
            }
        }

        func keyString(_ key: Node) throws(InventoryError) -> String {
            if case .scalar(let scalar) = key {
                switch value(ofScalar: scalar) {
                case .string(let text): return text
                case .int(let number): return String(number)
                case .float(let number): return String(number)
                case .bool(let flag): return flag ? "true" : "false"
                case .null: return "null"
                default: break
                }
            }
            throw InventoryError(origin: VariableOrigin(file: path, line: key.mark?.line), message: "a mapping key must be a plain value, not a list or mapping")
        }

        /// The mapping's pairs with YAML merge keys (`<<: *anchor`) applied as Ansible's loader
        /// does: merged pairs first, so the mapping's own keys win; among several merge sources
        /// the last one wins (measured against ansible-core 2.19).
        func pairs(of mapping: Node.Mapping) throws(InventoryError) -> [(Node, Node)] {
            var merged: [(Node, Node)] = []
            var own: [(Node, Node)] = []
            try enter()
            defer { leave() }
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain || scalar.style == .any else {
                    own.append((key, value))
                    continue
                }
                switch value {
                case .mapping(let source):
                    merged += try mergedPairs(of: source)
                case .sequence(let sources):
                    for source in sources {
                        guard case .mapping(let sourceMapping) = source else {
                            throw InventoryError(origin: VariableOrigin(file: path, line: source.mark?.line), message: "a merge key (<<) takes a mapping or a list of mappings")
                        }
                        merged += try mergedPairs(of: sourceMapping)
                    }
                default:
                    throw InventoryError(origin: VariableOrigin(file: path, line: key.mark?.line), message: "a merge key (<<) takes a mapping or a list of mappings")
                }
            }
            try warnAboutRepeatedKeys(own)
            return merged + own
        }

        /// Warns, as ansible-core 2.19 does, at each later occurrence of a key that
        /// `DuplicateKeyTagging` tagged; the pairs keep their order, so the last one wins.
        private func warnAboutRepeatedKeys(_ own: [(Node, Node)]) throws(InventoryError) {
            for (index, (key, _)) in own.enumerated() {
                guard case .scalar(let scalar) = key, DuplicateKeyTagging.isDuplicateTag(scalar.tag.description) else { continue }
                let name = try keyString(key)
                for (later, _) in own[(index + 1)...] {
                    guard try keyString(later) == name else { continue }
                    let origin = VariableOrigin(file: path, line: later.mark?.line)
                    warnings.append("\(origin): found duplicate mapping key '\(name.excerpt())' (first on line \(key.mark?.line ?? 0)); the last one wins, as in Ansible")
                    break
                }
            }
        }

        /// The pairs one merge source brings, counted as values.
        private func mergedPairs(of source: Node.Mapping) throws(InventoryError) -> [(Node, Node)] {
            let sourcePairs = try pairs(of: source)
            try count(sourcePairs.count)
            return sourcePairs
        }

        func elementLines(of node: Node) -> [Int] {
            guard case .sequence(let sequence) = node else { return [] }
            return sequence.map { $0.mark?.line ?? 0 }
        }
    }
}
