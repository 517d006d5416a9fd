/// A problem with the templates directory: an untrusted directory, a bad `manifest.yml`, or a
/// template that does not parse or render. Names the file it is about.
public struct RenderError: LocatedError, Sendable, Equatable {
    public let origin: VariableOrigin?
    public let message: String
}
