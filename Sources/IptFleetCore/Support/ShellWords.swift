/// Splits a line into words the way Python's `shlex.split(line, comments=True)` does in POSIX
/// mode, which is how Ansible splits an INI host line into a host pattern and `key=value` tokens.
public enum ShellWords {
    /// Why a line could not be split.
    public enum SplitError: Error, Equatable, CustomStringConvertible {
        case unclosedQuote(Unicode.Scalar)
        case trailingBackslash

        public var description: String {
            switch self {
            case .unclosedQuote(let quote): "no closing quotation (\(quote))"
            case .trailingBackslash: "no escaped character after a trailing backslash"
            }
        }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var iterator = line.unicodeScalars.makeIterator()
        while let char = iterator.next() {
            switch char {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(String(word)); word = String.UnicodeScalarView(); inWord = false }
            case "#":
                // shlex starts a comment at '#' even in the middle of a word.
                if inWord { words.append(String(word)) }
                return words
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    word.append(next)
                }
                if !closed { throw .unclosedQuote("'") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw .unclosedQuote("\"") }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
                if !closed { throw .unclosedQuote("\"") }
            case "\\":
                guard let escaped = iterator.next() else { throw .trailingBackslash }
                inWord = true
                word.append(escaped)
            default:
                inWord = true
                word.append(char)
            }
        }
        if inWord { words.append(String(word)) }
        return words
    }
}
