import Foundation
import Yams

/// Reads the JSON an inventory script prints for `--list` (also what `ansible-inventory --list`
/// prints) as Ansible's `script` plugin does: groups with `hosts` (a list of names), `vars` and
/// `children`, and each host's variables from `_meta.hostvars`, or, when the output has no
/// `_meta`, from `hostVariables` (the script run with `--host NAME`).
struct JsonInventoryParser {
    /// The name errors and variables are reported under (`cmdb.py --list`).
    let source: String

    func parse(_ text: String, into inventory: inout Inventory,
               hostVariables: (String) throws(InventoryError) -> VariableSet) throws(InventoryError) {
        let (root, converter) = try Self.jsonDocument(text, source: source)
        guard case .mapping(let mapping) = root else {
            throw error("the output must be a JSON object of groups, not \(try converter.value(of: root).typeDescription)")
        }
        var hosts: [String] = []
        var seen = Set<String>()
        var metaHostVars: [String: Node]?
        for (key, data) in mapping {
            let group = try converter.keyString(key)
            guard group != "_meta" else {
                guard case .mapping(let meta) = data, case .mapping(let hostvars)? = meta["hostvars"] else {
                    throw error("'_meta' must be an object with a 'hostvars' object")
                }
                var byName: [String: Node] = [:]
                for (host, variables) in hostvars { byName[try converter.keyString(host)] = variables }
                metaHostVars = byName
                continue
            }
            for host in try parseGroup(group, data, converter: converter, into: &inventory) where seen.insert(host).inserted {
                hosts.append(host)
            }
        }
        for host in hosts {
            let variables: VariableSet
            if let metaHostVars {
                switch metaHostVars[host] {
                case .mapping(let mapping)?: variables = try converter.variables(of: mapping)
                case nil: variables = [:]
                default: throw error("'_meta.hostvars' of host '\(host.excerpt())' must be an object")
                }
            } else {
                variables = try hostVariables(host)
            }
            for (name, variable) in variables { inventory.setHostVariable(host, name, variable) }
        }
    }

    /// The root of a JSON document and a converter with JSON typing; text that is not JSON is an error.
    static func jsonDocument(_ text: String, source: String) throws(InventoryError) -> (Node, VarsFileLoader.Converter) {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw InventoryError(origin: VariableOrigin(file: source, line: nil), message: "the output is not valid JSON: \(reason.excerpt(200))")
        }
        let (root, converter) = try VarsFileLoader.compose(text, path: source, inventory: true)
        // JSON is never an empty YAML document; this only satisfies the type.
        guard let root else { throw InventoryError(origin: VariableOrigin(file: source, line: nil), message: "the output is not valid JSON: it is empty") }
        return (root, converter)
    }

    /// Adds one group as the script plugin reads it; returns the hosts it lists.
    private func parseGroup(_ group: String, _ data: Node, converter: VarsFileLoader.Converter, into inventory: inout Inventory) throws(InventoryError) -> [String] {
        inventory.addGroup(group, origin: VariableOrigin(file: source, line: data.mark?.line))
        var hostsNode: Node?
        var varsNode: Node?
        var childrenNode: Node?
        if case .mapping(let mapping) = data {
            (hostsNode, varsNode, childrenNode) = (mapping["hosts"], mapping["vars"], mapping["children"])
            // An object without any of the three keys is a host of the same name with these variables.
            if hostsNode == nil, varsNode == nil, childrenNode == nil { (hostsNode, varsNode) = (Node([Node(group)]), data) }
        } else {
            hostsNode = data
        }
        var hosts: [String] = []
        if let hostsNode {
            guard case .sequence(let names) = hostsNode else { throw error("'\(group.excerpt()).hosts' must be a list of host names") }
            for name in names {
                let origin = VariableOrigin(file: source, line: name.mark?.line)
                let host = try converter.keyString(name)
                try Inventory.checkHostName(host, origin: origin)
                inventory.addHost(host, to: group, port: nil, origin: origin)
                hosts.append(host)
            }
        }
        if let varsNode {
            guard case .mapping(let vars) = varsNode else { throw error("'\(group.excerpt()).vars' must be an object") }
            for (name, variable) in try converter.variables(of: vars) { try inventory.setGroupVariable(group, name, variable) }
        }
        let children: [Node] = switch childrenNode {
        case .sequence(let items)?: Array(items)
        case .mapping(let items)?: items.map(\.key)
        default: []
        }
        for child in children {
            let origin = VariableOrigin(file: source, line: child.mark?.line)
            let name = try converter.keyString(child)
            inventory.addGroup(name, origin: origin)
            try inventory.addChild(name, to: group, origin: origin)
        }
        return hosts
    }

    private func error(_ message: String) -> InventoryError {
        InventoryError(origin: VariableOrigin(file: source, line: nil), message: message)
    }
}
