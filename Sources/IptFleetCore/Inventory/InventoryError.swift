/// A problem in the user's input (inventory, vars files, extra vars): what is wrong and where.
public struct InventoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let origin: VariableOrigin?
    public let message: String

    public init(origin: VariableOrigin?, message: String) {
        self.origin = origin
        self.message = message
    }

    public var description: String {
        if let origin { "\(origin): \(message)" } else { message }
    }
}
