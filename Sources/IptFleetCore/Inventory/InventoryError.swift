/// A problem in the user's input (inventory, vars files, extra vars): what is wrong and where.
public struct InventoryError: LocatedError, Sendable, Equatable {
    public let origin: VariableOrigin?
    public let message: String

    public init(origin: VariableOrigin?, message: String) {
        self.origin = origin
        self.message = message
    }
}
