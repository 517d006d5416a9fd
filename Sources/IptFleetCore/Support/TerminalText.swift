/// Makes text from an inventory or a host safe to print: every control character (C0, DEL, C1:
/// ESC, CR, NUL, BEL…) becomes a visible escape (`\e`, `\r`, `\0`, `\x07`), so such text can
/// neither drive the terminal nor forge a line of the output or the log.
public enum TerminalText {
    /// `text` with its control characters escaped. Line breaks and tabs stay as they are when
    /// `keepingLineBreaks` (multi-line output such as a diff); otherwise they are escaped too.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if !isControl(scalar) || (keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                result.unicodeScalars.append(scalar)
            } else {
                result += escape(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` is a control character (line breaks and tabs included).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\0": "\\0"
        case "\t": "\\t"
        case "\n": "\\n"
        case "\r": "\\r"
        case "\u{1B}": "\\e"
        default: "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
        }
    }
}
