/// The tests (`x is defined`, `x is match('…')`, …) iptfleet supports: Jinja2's built-ins and
/// ansible-core's that inventories use. Any other test is an error that names it.
enum TemplateTests {
    static func apply(_ qualified: String, to base: TemplateValue, arguments: CallArguments,
                      evaluator: TemplateEvaluator) throws(TemplateError) -> Bool {
        let name = TemplatePluginName.short(qualified)
        switch name {
        case "defined", "undefined":
            try arguments.accept(0)
            if case .undefined = base { return name == "undefined" }
            return name == "defined"
        default:
            break
        }
        let value: VariableValue
        if case .hostvars = base, name == "mapping" { return true }
        value = try evaluator.concrete(base)
        switch name {
        case "none": return value == .null
        case "string": if case .string = value { return true } else { return false }
        case "number": return value.number != nil && value.pythonType != "bool"
        case "integer": return value.pythonType == "int"
        case "float": return value.pythonType == "float"
        case "boolean": return value.pythonType == "bool"
        case "true": return value == .bool(true)
        case "false": return value == .bool(false)
        case "mapping": return value.pythonType == "dict"
        case "sequence", "iterable": return ["str", "list", "dict"].contains(value.pythonType)
        case "list": return value.isList
        case "truthy", "falsy":
            try arguments.accept(1, ["convert_bool"])
            var truth = value.isTruthy
            if try arguments.flag(0, "convert_bool", default: false), ["str", "int", "bool"].contains(value.pythonType) {
                truth = ScalarFilters.toBool(value)
            }
            return truth == (name == "truthy")
        case "odd", "even":
            guard let number = value.integer else { throw TemplateError("\(name): expected an integer, got \(value.pythonType)") }
            return (number % 2 != 0) == (name == "odd")
        case "divisibleby":
            guard let number = value.integer, let divisor = try arguments.int(0, "num"), divisor != 0 else {
                throw TemplateError("divisibleby: expected integers")
            }
            return number % divisor == 0
        case "lower": return value.pythonString == value.pythonString.lowercased()
        case "upper": return value.pythonString == value.pythonString.uppercased()
        case "in":
            try arguments.accept(1)
            return try PythonOperators.contains(arguments.required(0, "seq"), value)
        case "contains":
            try arguments.accept(1)
            return try PythonOperators.contains(value, arguments.required(0, "seq"))
        case "eq", "equalto", "==", "ne", "!=":
            try arguments.accept(1)
            return value.pythonEquals(try arguments.required(0, "other")) == ["eq", "equalto", "=="].contains(name)
        case "lt", "lessthan", "<": return try value.pythonCompare(arguments.required(0, "other"), "<")
        case "le", "<=": return try value.pythonCompare(arguments.required(0, "other"), "<=")
        case "gt", "greaterthan", ">": return try value.pythonCompare(arguments.required(0, "other"), ">")
        case "ge", ">=": return try value.pythonCompare(arguments.required(0, "other"), ">=")
        case "sameas":
            let other = try arguments.required(0, "other")
            return value.pythonType == other.pythonType && value.pythonEquals(other)
                && ["bool", "NoneType"].contains(value.pythonType)
        case "match", "search", "regex":
            return try RegexFilters.test(name, value, arguments)
        case "subset", "superset":
            try arguments.accept(1)
            let other = try arguments.required(0, "other").iterated(), items = try value.iterated()
            let (small, large) = name == "subset" ? (items, other) : (other, items)
            return small.allSatisfy { item in large.contains { $0.pythonEquals(item) } }
        default:
            throw TemplateError.unsupported("test", qualified)
        }
    }
}
