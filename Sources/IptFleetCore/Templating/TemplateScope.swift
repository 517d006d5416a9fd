/// What a template can see: the host's variables (each templated when read), other hosts'
/// variables through `hostvars`, and the lookups.
protocol TemplateScope {
    /// The host's variable `name`, templated; nil when it is not defined.
    func variable(_ name: String) throws(TemplateError) -> VariableValue?
    /// `hostvars[host][name]`, templated; nil when it is not defined.
    func variable(_ name: String, ofHost host: String) throws(TemplateError) -> VariableValue?
    /// Every host of the inventory, in inventory order.
    var hostNames: [String] { get }
    /// Whether `host` is in the inventory (`hostvars[host]`).
    func hasHost(_ host: String) -> Bool
    /// Every variable name of `host`, magic variables included, in a stable order.
    func variableNames(ofHost host: String) -> [String]
    /// What the lookup plugin returns for the terms: one value per term.
    func lookup(_ plugin: String, terms: [VariableValue], options: [String: VariableValue]) throws(TemplateError) -> [VariableValue]
}

/// A value while an expression is evaluated: a plain value, an undefined one (an error only
/// when used, so that `default` and `is defined` work), `hostvars` and one host's variables
/// (both read lazily), or something to call.
enum TemplateValue {
    case value(VariableValue)
    /// Undefined, with the message an error gives when it is used.
    case undefined(String)
    case hostvars
    case host(String)
    /// `lookup`, `query`/`q` and `range`.
    case function(String)
    /// A method of a value, such as `text.split`.
    case method(VariableValue, String)
}
