import Foundation
import IptFleetCore
import IptFleetSSH

/// `-e` values rewritten with their secrets (`SecretVariableName`) masked, for the run record.
enum SecretVariables {
    static let mask = "***"

    static func isSecret(_ name: String) -> Bool { SecretVariableName.isSecret(name) }

    /// One `-e` value, parsed as `ExtraVars` parses it and written again with the whole value of
    /// every secret (at any depth of a mapping) replaced by `***`: `key=value` pairs as such, a
    /// YAML/JSON mapping as compact JSON. `@file` stays as it is (the file is not on the command
    /// line); a value that does not parse is masked whole.
    static func maskedExtraVars(_ argument: String) -> String {
        guard !argument.hasPrefix("@") else { return argument }
        guard let variables = try? ExtraVars.parse([argument]) else { return mask }
        let values = variables.plainValues
        if argument.hasPrefix("{") || argument.hasPrefix("[") {
            guard let data = try? JSONSerialization.data(withJSONObject: json(masked(variables.plainMapping, secret: false)), options: [.sortedKeys, .withoutEscapingSlashes]) else { return mask }
            return String(decoding: data, as: UTF8.self)
        }
        return values.keys.sorted().map { name in
            guard !isSecret(name), case .string(let text) = values[name] else { return "\(name)=\(mask)" }
            return "\(name)=\(text.allSatisfy(isPlain) && !text.isEmpty ? text : text.shellQuoted)"
        }.joined(separator: " ")
    }

    /// `value` with every secret-named entry's value replaced by `***` (all of it when `secret`).
    private static func masked(_ value: VariableValue, secret: Bool) -> VariableValue {
        if secret { return .string(mask) }
        switch value {
        case .dict(var entries):
            for (key, item) in entries { entries[key] = masked(item, secret: isSecret(key)) }
            return .dict(entries)
        case .list(let items): return .list(items.map { masked($0, secret: false) })
        default: return value
        }
    }

    private static func json(_ value: VariableValue) -> Any {
        switch value {
        case .string(let text): text
        case .int(let number): number
        case .float(let number): number
        case .bool(let flag): flag
        case .null: NSNull()
        case .list(let items): items.map(json)
        case .dict(let entries): Dictionary(uniqueKeysWithValues: entries.map { ($0.key, json($0.value)) })
        case .vault: mask
        }
    }

    private static func isPlain(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-_./:,@%+".contains(character))
    }
}
