import TestSupport
@testable import IptFleetCore

/// Builds host configurations from the shipped defaults plus overrides, for policy and render tests.
enum PolicyFixture {
    static func defaults() throws -> VariableSet {
        try DefaultVariables.load(directory: Repository.path("GroupVars"))
    }

    /// The outcome for host `h1` with the defaults overridden by `yaml` (a YAML mapping, whose
    /// origin is reported as "overrides.yml").
    static func outcome(_ yaml: String = "{}") throws -> HostConfigurationBuilder.Outcome {
        var variables = try defaults()
        variables.override(with: try VarsFileLoader.parse(yaml, path: "overrides.yml"))
        return HostConfigurationBuilder().build(host: "h1", variables: variables)
    }
}
