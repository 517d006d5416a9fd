import Foundation

/// The filters iptfleet supports: Jinja2's built-ins and ansible-core's that inventories use
/// (Docs/variables.md lists them). Any other filter is an error that names it.
enum TemplateFilters {
    static func apply(_ qualified: String, to base: TemplateValue, arguments: CallArguments,
                      evaluator: TemplateEvaluator) throws(TemplateError) -> TemplateValue {
        let name = TemplatePluginName.short(qualified)
        switch name {
        case "default", "d":
            try arguments.accept(2, ["default_value", "boolean"])
            let fallback = try arguments.optional(0, "default_value") ?? .string("")
            if case .undefined = base { return .value(fallback) }
            if try arguments.flag(1, "boolean", default: false), !(try evaluator.concrete(base).isTruthy) { return .value(fallback) }
            return base
        case "mandatory":
            try arguments.accept(1, ["msg"])
            if case .undefined(let message) = base {
                throw TemplateError(try arguments.string(0, "msg") ?? "Mandatory variable has not been overridden: \(message)")
            }
            return base
        case "ternary":
            try arguments.accept(3, ["true_val", "false_val", "none_val"])
            let value = try evaluator.concrete(base)
            if value == .null, let none = try arguments.optional(2, "none_val"), none != .null { return .value(none) }
            return .value(value.isTruthy ? try arguments.required(0, "true_val") : try arguments.required(1, "false_val"))
        case "map", "select", "reject", "selectattr", "rejectattr":
            return .value(try CollectionFilters.higherOrder(name, try evaluator.concrete(base), arguments: arguments, evaluator: evaluator))
        case "extract":
            try arguments.accept(2, ["container", "morekeys"])
            guard let container = arguments.positional.first ?? arguments.named["container"] else { throw TemplateError("extract: missing container") }
            var result = try evaluator.item(container, try evaluator.concrete(base))
            if let more = try arguments.optional(1, "morekeys") {
                for key in (more.isList ? try more.iterated() : [more]) { result = try evaluator.item(result, key) }
            }
            return result
        default:
            let value = try evaluator.concrete(base)
            if let result = try ScalarFilters.apply(name, value, arguments) { return .value(result) }
            if let result = try CollectionFilters.apply(name, value, arguments) { return .value(result) }
            if let result = try SerializationFilters.apply(name, value, arguments) { return .value(result) }
            if let result = try RegexFilters.apply(name, value, arguments) { return .value(result) }
            throw TemplateError.unsupported("filter", qualified)
        }
    }
}

extension VariableValue {
    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}
