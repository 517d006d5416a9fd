import Yams

/// Reads a YAML (or JSON) inventory file as Ansible's `yaml` inventory plugin does: top-level
/// keys are groups, each with optional `hosts` (host patterns, ranges allowed, each with its
/// variables), `vars` and `children` (groups of the same form, nested), in file order.
struct YamlInventoryParser {
    let path: String

    /// The top-level mapping of a YAML inventory, or nil when `text` is not one (not YAML, empty,
    /// or not a mapping), so that an extension-less file can be tried as INI next, as Ansible does.
    static func document(_ text: String, path: String) -> (Node.Mapping, VarsFileLoader.Converter)? {
        guard let (root, converter) = try? VarsFileLoader.compose(text, path: path, inventory: true), case .mapping(let mapping)? = root else { return nil }
        return (mapping, converter)
    }

    /// The plugin a YAML file configures (`plugin: amazon.aws.aws_ec2`), nil for a plain inventory.
    static func pluginName(of mapping: Node.Mapping) -> String? {
        guard case .scalar(let scalar)? = mapping["plugin"], !scalar.string.isEmpty else { return nil }
        return scalar.string
    }

    /// Parses `text`; an error is reported as a YAML inventory error, never as an INI one.
    func parse(_ text: String, into inventory: inout Inventory, warnings: inout [String]) throws(InventoryError) {
        let (root, converter) = try VarsFileLoader.compose(text, path: path, inventory: true)
        guard case .mapping(let mapping)? = root else {
            let found = try root.map { node throws(InventoryError) in try converter.value(of: node).typeDescription } ?? "an empty file"
            throw InventoryError(origin: VariableOrigin(file: path, line: root?.mark?.line ?? 1),
                                 message: "a YAML inventory must be a mapping of group names (all:, web:, …), not \(found)")
        }
        var reader = Reader(path: path, converter: converter)
        for (key, value) in mapping {
            try reader.parseGroup(key, value, into: &inventory)
        }
        warnings += reader.warnings
    }

    /// Walks the group tree, counting every node against the converter's limits (aliases can
    /// repeat a subtree many times).
    private struct Reader {
        let path: String
        let converter: VarsFileLoader.Converter
        var warnings: [String] = []

        init(path: String, converter: VarsFileLoader.Converter) {
            self.path = path
            self.converter = converter
        }

        private func origin(_ node: Node) -> VariableOrigin { VariableOrigin(file: path, line: node.mark?.line) }

        /// Adds the group `key` names with its hosts, vars and children; returns its name.
        @discardableResult
        mutating func parseGroup(_ key: Node, _ value: Node, into inventory: inout Inventory) throws(InventoryError) -> String {
            try converter.enter()
            defer { converter.leave() }
            let name = try converter.keyString(key)
            let body: Node.Mapping
            switch value {
            case .mapping(let mapping): body = mapping
            case .scalar(let scalar) where converter.value(ofScalar: scalar) == .null: body = [:]
            default:
                throw InventoryError(origin: origin(key), message: "group '\(name)' must be a mapping with hosts, vars or children, not \(try converter.value(of: value).typeDescription)")
            }
            inventory.addGroup(name, origin: origin(key))
            for (sectionKey, section) in body {
                let sectionName = try converter.keyString(sectionKey)
                guard ["hosts", "vars", "children"].contains(sectionName) else {
                    warnings.append("\(origin(sectionKey)): skipping unexpected key '\(sectionName)' in group '\(name)'; only vars, children and hosts are valid")
                    continue
                }
                let entries: [(Node, Node)]
                switch section {
                case .mapping(let mapping): entries = Array(mapping)
                case .scalar(let scalar) where converter.value(ofScalar: scalar) == .null: entries = []
                // A single name is allowed in place of a mapping (`hosts: web1`).
                case .scalar: entries = [(section, Node("", Tag(.null)))]
                default:
                    throw InventoryError(origin: origin(sectionKey), message: "'\(sectionName)' of group '\(name)' must be a mapping, not \(try converter.value(of: section).typeDescription)")
                }
                for (entryKey, entry) in entries {
                    switch sectionName {
                    case "vars":
                        try inventory.setGroupVariable(name, try converter.keyString(entryKey),
                                                       Variable(try converter.value(of: entry), origin: origin(entryKey), elementLines: converter.elementLines(of: entry)))
                    case "children":
                        let child = try parseGroup(entryKey, entry, into: &inventory)
                        try inventory.addChild(child, to: name, origin: origin(entryKey))
                    default:
                        try parseHost(entryKey, entry, group: name, into: &inventory)
                    }
                }
            }
            return name
        }

        /// Adds the hosts a `hosts:` key stands for, with its variables.
        private func parseHost(_ key: Node, _ value: Node, group: String, into inventory: inout Inventory) throws(InventoryError) {
            let variables: VariableSet
            switch value {
            case .mapping(let mapping): variables = try converter.variables(of: mapping)
            case .scalar(let scalar) where converter.value(ofScalar: scalar) == .null: variables = [:]
            default:
                throw InventoryError(origin: origin(key), message: "host '\(try converter.keyString(key))' in group '\(group)' must have a mapping of variables, not \(try converter.value(of: value).typeDescription)")
            }
            for host in try inventory.addHosts(entry: try converter.keyString(key), to: group, origin: origin(key)) {
                for (name, variable) in variables { inventory.setHostVariable(host, name, variable) }
            }
        }
    }
}
