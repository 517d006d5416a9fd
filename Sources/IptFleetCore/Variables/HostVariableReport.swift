import Foundation
import OrderedCollections

/// One host's variables as iptfleet uses them, each with where its final value came from:
/// the defaults, then the inventory's layers (playbook directory included), then `-e`. Values
/// are templated as a play would see them (`{{ … }}` rendered, see Docs/variables.md).
public struct HostVariableReport {
    public let host: String
    /// The variables as read, before templating.
    public let variables: VariableSet
    private let defaults: VariableSet
    private let templater: HostVariableTemplater

    public init(host: String, loaded: LoadedInventory, defaults: VariableSet, extraVars: VariableSet, vault: VaultKeyring = .empty) {
        self.host = host
        self.defaults = defaults
        templater = HostVariableTemplater(loaded: loaded, defaults: defaults, extraVars: extraVars, vault: vault)
        variables = templater.rawVariables(ofHost: host)
    }

    /// Where `name`'s value came from: `file:line`, `-e`, or `default`; nil when it has none.
    public func source(of name: String) -> String? {
        guard let variable = variables[name] else { return nil }
        if variable.origin == .commandLine { return "-e" }
        if defaults[name]?.origin == variable.origin { return "default" }
        return variable.origin.description
    }

    /// Every firewall and connection variable iptfleet reads, one a line: `name = value  # source`
    /// (the templated value as one line of JSON; a secret's, by its name or from a vault, as
    /// `***`), `name is not set`, or `name cannot be templated: why  # source`.
    public func text() -> String {
        HostVariable.names.sorted().map { name in
            guard let variable = variables[name], let source = source(of: name) else { return "\(name) is not set" }
            if SecretVariableName.isSecret(name) || variable.isSecret { return "\(name) = ***  # \(source)" }
            let value: VariableValue
            do throws(TemplateError) {
                value = try templater.value(of: name, host: host) ?? .null
            } catch {
                return "\(name) cannot be templated: \(error.variable == name ? error.message : error.description)  # \(source)"
            }
            // AnsibleJSON indents nested values; folded here to one line each.
            let shown = AnsibleJSON.write(value).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return "\(name) = \(shown)  # \(source)"
        }.joined(separator: "\n")
    }

    /// All the host's variables as one JSON object `{name: value}`, each templated on its own,
    /// typed as Ansible types them; one that cannot be templated is `{"__error__": "why"}`. A
    /// value decrypted from a vault file reads `***`; an inline `!vault` one stays encrypted
    /// (`{"__ansible_vault": …}`, as ansible-inventory writes it).
    public func json() -> String {
        var entries: OrderedDictionary<String, VariableValue> = [:]
        for (name, variable) in variables.sorted(by: { $0.key < $1.key }) {
            // A vault's value is shown masked or encrypted, so it is never decrypted here.
            if variable.isSecret {
                entries[name] = variable.isVaulted ? .string("***") : variable.value
                continue
            }
            do throws(TemplateError) {
                entries[name] = try templater.value(of: name, host: host) ?? .null
            } catch {
                entries[name] = .dict(["__error__": .string(error.description)])
            }
        }
        return AnsibleJSON.write(.dict(entries))
    }
}
