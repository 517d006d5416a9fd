extension StringProtocol {
    /// The text as an error message may quote it: invisible characters (controls, format
    /// characters, line breaks, whitespace other than a space) written as `\u{…}`, and anything past
    /// `limit` characters cut off with "…", so a message never carries raw control bytes or a whole
    /// huge input.
    func excerpt(_ limit: Int = 80) -> String {
        var result = ""
        for (count, scalar) in unicodeScalars.enumerated() {
            guard count < limit else { return result + "…" }
            result += scalar.isInvisible ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return result
    }
}

extension Unicode.Scalar {
    /// A control, format or separator character, or whitespace other than a plain space.
    var isInvisible: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: true
        default: self != " " && properties.isWhitespace
        }
    }
}
