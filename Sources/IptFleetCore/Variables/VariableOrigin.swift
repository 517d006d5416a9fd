import OrderedCollections

/// Where a variable's value came from: a file and, when known, a 1-based line.
public struct VariableOrigin: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// An origin for values given on the command line (`-e`).
    public static let commandLine = VariableOrigin(file: "command line (-e)", line: nil)

    public var description: String {
        if let line { "\(file):\(line)" } else { file }
    }
}

/// A variable's value together with the place it was defined.
public struct Variable: Sendable, Equatable {
    public let value: VariableValue
    public let origin: VariableOrigin
    /// For a list defined in a YAML file: the line of each item, so an error can point at it.
    public let elementLines: [Int]
    /// Whether the value was decrypted from Ansible Vault (a vault file, or a `!vault` value
    /// `VaultReveal` opened): a secret whatever its name, never printed.
    public let isVaulted: Bool

    public init(_ value: VariableValue, origin: VariableOrigin, elementLines: [Int] = [], isVaulted: Bool = false) {
        self.value = value
        self.origin = origin
        self.elementLines = elementLines
        self.isVaulted = isVaulted
    }

    /// Whether the value must not be shown: decrypted from a vault, or still encrypted.
    public var isSecret: Bool { isVaulted || value.containsVault }

    /// Where item `index` of a list value was defined (the variable's own origin if unknown).
    public func origin(ofElement index: Int) -> VariableOrigin {
        guard index < elementLines.count, elementLines[index] > 0 else { return origin }
        return VariableOrigin(file: origin.file, line: elementLines[index])
    }
}

/// Variables by name, each with its origin.
public typealias VariableSet = [String: Variable]

extension Dictionary where Key == String, Value == Variable {
    /// The values without their origins.
    public var plainValues: [String: VariableValue] { mapValues(\.value) }

    /// The values as one mapping value, keys in sorted order (a set of variables has no order).
    public var plainMapping: VariableValue {
        .dict(OrderedDictionary(uniqueKeysWithValues: map { ($0.key, $0.value.value) }.sorted { $0.0 < $1.0 }))
    }

    /// Ansible's default `hash_behaviour=replace`: every key of `other` replaces the same key here.
    public mutating func override(with other: VariableSet) {
        merge(other) { _, new in new }
    }
}
