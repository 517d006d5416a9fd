extension StringProtocol {
    /// The text without leading and trailing whitespace (Python's `str.strip()`), without going
    /// through Foundation, which is measurably slower on the inventory's hot path.
    var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
