/// One `[begin:end(:step)]` of a host entry, as Ansible's `expand_hostname_range` reads it:
/// numbers (zero-padded when `begin` is) or single ASCII letters.
struct HostRange {
    let begin: Int
    let end: Int
    let step: Int
    /// Digits of zero-padded numbers (`[01:20]`), nil when unpadded.
    let width: Int?
    let letters: Bool

    static let asciiLetters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// The range between `[` and `]` (`body`) of `pattern`.
    init(_ body: Substring, in pattern: String) throws(HostRangeExpander.InvalidEntry) {
        typealias Invalid = HostRangeExpander.InvalidEntry
        let bounds = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 || bounds.count == 3 else {
            throw Invalid(description: "host range '[\(bounds.joined(separator: ":").excerpt())]' must be begin:end or begin:end:step")
        }
        let begin = bounds[0].isEmpty ? "0" : bounds[0]
        let end = bounds[1]
        guard !end.isEmpty else { throw Invalid(description: "host range in '\(pattern.excerpt())' must specify an end value") }
        guard let step = bounds.count == 3 ? Int(bounds[2]) : 1, step > 0 else {
            throw Invalid(description: "host range in '\(pattern.excerpt())' has an invalid step '\(bounds[2].excerpt())'")
        }
        self.step = step
        if begin.count == 1, end.count == 1, let b = begin.first, let e = end.first, b.isLetter, e.isLetter,
           let bi = Self.asciiLetters.firstIndex(of: b), let ei = Self.asciiLetters.firstIndex(of: e)
        {
            guard bi <= ei else { throw Invalid(description: "host range '[\(begin):\(end)]' must have begin <= end") }
            (self.begin, self.end, width, letters) = (bi, ei, nil, true)
            return
        }
        guard let b = Int(begin), let e = Int(end) else {
            throw Invalid(description: "host range '[\(begin.excerpt()):\(end.excerpt())]' in '\(pattern.excerpt())' is neither numeric nor a single-letter range")
        }
        if begin.hasPrefix("0") && begin.count > 1 {
            guard begin.count == end.count else {
                throw Invalid(description: "host range '[\(begin):\(end)]' must specify equal-length begin and end formats")
            }
            width = begin.count
        } else {
            width = nil
        }
        (self.begin, self.end, letters) = (b, e, false)
    }

    /// How many items the range stands for, computed without listing them.
    var count: Int {
        guard end >= begin else { return 0 }
        let (span, overflow) = end.subtractingReportingOverflow(begin)
        return overflow || span / step == .max ? .max : span / step + 1
    }

    /// The range's items in order: letters, or numbers padded to `width`.
    var items: [String] {
        stride(from: begin, through: end, by: step).map { number in
            if letters { return String(Self.asciiLetters[number]) }
            let digits = String(number)
            guard let width, digits.count < width else { return digits }
            return String(repeating: "0", count: width - digits.count) + digits
        }
    }
}
