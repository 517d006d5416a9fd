/// Makes remote commands and their output fit for a log line: base64 blocks (the file payloads
/// that apply scripts and diffs carry, 76 characters a line) and long base64 runs inside a line
/// become `<base64: N characters>`, and what is still too long is cut with a note of how much
/// was left out.
enum LogText {
    /// Base64 blocks and runs at least this long are replaced.
    static let base64Threshold = 80

    static func shortened(_ text: String, limit: Int = 4000) -> String {
        var lines: [String] = []
        var block: [Substring] = []
        func flushBlock() {
            let characters = block.reduce(0) { $0 + $1.count }
            if characters >= base64Threshold, block.contains(where: { $0.count >= 60 }) {
                lines.append("<base64: \(characters) characters>")
            } else {
                lines += block.map { shortenedRuns(in: $0) }
            }
            block = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let looksEncoded = !line.isEmpty && line.count % 4 == 0 && line.allSatisfy(isBase64)
            // Wrapped base64 is lines of one width and a last one no longer: a shorter line ends
            // the block, so a heredoc terminator after it is not swallowed.
            if looksEncoded, let first = block.first, block.last?.count == first.count, line.count <= first.count {
                block.append(line)
            } else {
                flushBlock()
                if looksEncoded {
                    block.append(line)
                } else {
                    lines.append(shortenedRuns(in: line))
                }
            }
        }
        flushBlock()
        let result = lines.joined(separator: "\n")
        guard result.count > limit else { return result }
        return result.prefix(limit) + "… (\(result.count - limit) more characters)"
    }

    private static func isBase64(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+/=".contains(character))
    }

    /// One line with every base64 run of `base64Threshold` or more characters replaced.
    private static func shortenedRuns(in line: Substring) -> String {
        var result = ""
        var run = ""
        func flushRun() {
            result += run.count >= base64Threshold ? "<base64: \(run.count) characters>" : run
            run = ""
        }
        for character in line {
            if isBase64(character) {
                run.append(character)
            } else {
                flushRun()
                result.append(character)
            }
        }
        flushRun()
        return result
    }
}
