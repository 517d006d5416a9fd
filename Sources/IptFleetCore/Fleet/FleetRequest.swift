/// What the user asked for on the command line: inventory sources, defaults, extra vars and a
/// host limit.
public struct FleetRequest: Sendable {
    public var inventorySources: [String]
    public var defaultsDirectory: String
    public var extraVars: [String]
    public var limit: String?

    public init(inventorySources: [String], defaultsDirectory: String, extraVars: [String] = [], limit: String? = nil) {
        self.inventorySources = inventorySources
        self.defaultsDirectory = defaultsDirectory
        self.extraVars = extraVars
        self.limit = limit
    }
}
