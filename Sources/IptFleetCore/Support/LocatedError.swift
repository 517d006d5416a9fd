/// An error about a place in the user's input: it reads `file:line: message`, or the message
/// alone when it has no place.
public protocol LocatedError: Error, CustomStringConvertible {
    var origin: VariableOrigin? { get }
    var message: String { get }
}

extension LocatedError {
    public var description: String {
        if let origin { "\(origin): \(message)" } else { message }
    }
}
