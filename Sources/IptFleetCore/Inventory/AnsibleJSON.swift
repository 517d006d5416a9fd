/// Writes JSON the way `ansible-inventory` does (Python's `json.dumps(sort_keys=True,
/// indent=4, ensure_ascii=False)`): floats keep their `.0`, and infinities and NaN are written
/// as Python writes them (`Infinity`, `-Infinity`, `NaN`). Foundation's JSONEncoder can do
/// neither, so ansible-inventory's output could not be matched with it.
enum AnsibleJSON {
    static func write(_ value: VariableValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The JSON as UTF-8 bytes, ready to be written out without another copy.
    static func bytes(_ value: VariableValue) -> [UInt8] {
        var writer = Writer()
        writer.append(value, level: 0)
        return writer.bytes
    }

    /// Appends UTF-8 bytes to one buffer (10,000 hosts' variables are megabytes of JSON).
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func newline(indent level: Int) {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 4))
        }

        mutating func append(_ value: VariableValue, level: Int) {
            switch value {
            case .string(let text): appendString(text)
            case .int(let number): append(String(number))
            case .float(let number): append(AnsibleJSON.float(number))
            case .bool(let flag): append(flag ? "true" : "false")
            case .null: append("null")
            case .vault(let text):
                // As ansible-inventory writes an encrypted value.
                append(.dict([VaultedText.jsonKey: .string(text.envelope)]), level: level)
            case .list(let items):
                guard !items.isEmpty else { append("[]"); return }
                bytes.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(indent: level + 1)
                    append(item, level: level + 1)
                }
                newline(indent: level)
                bytes.append(UInt8(ascii: "]"))
            case .dict(let entries):
                guard !entries.isEmpty else { append("{}"); return }
                bytes.append(UInt8(ascii: "{"))
                // Python sorts keys by code point, which is UTF-8 byte order.
                let sorted = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                if sorted.count >= 1024 {
                    // A large mapping (the hostvars of thousands of hosts): write it on every core.
                    let chunkSize = 256
                    let chunks = stride(from: 0, to: sorted.count, by: chunkSize).map { Array(sorted[$0..<min($0 + chunkSize, sorted.count)]) }
                    let written = chunks.parallelMap { chunk in
                        var writer = Writer()
                        writer.appendEntries(chunk, level: level)
                        return writer.bytes
                    }
                    for (index, chunk) in written.enumerated() {
                        if index > 0 { bytes.append(UInt8(ascii: ",")) }
                        bytes.append(contentsOf: chunk)
                    }
                } else {
                    appendEntries(sorted, level: level)
                }
                newline(indent: level)
                bytes.append(UInt8(ascii: "}"))
            }
        }

        /// `"key": value` pairs separated by commas, each on its own line.
        mutating func appendEntries(_ entries: [(key: String, value: VariableValue)], level: Int) {
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent: level + 1)
                appendString(entry.key)
                append(": ")
                append(entry.value, level: level + 1)
            }
        }

        /// A JSON string; non-ASCII text is written as is (`ensure_ascii=False`).
        mutating func appendString(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            // Most strings need no escaping: copy them in one go.
            let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
                bytes.append(contentsOf: utf8)
                return true
            }
            if copied == true {
                bytes.append(UInt8(ascii: "\""))
                return
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, with `.0` on integral values and an
    /// exponent outside 1e-4 ..< 1e16.
    static func float(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(number)
        if number == number.rounded(), magnitude < 1e16 {
            return (number.sign == .minus ? "-" : "") + String(Int64(magnitude)) + ".0"
        }
        var text = number.description
        if magnitude >= 1e16 || (magnitude < 1e-4 && magnitude > 0), let e = text.firstIndex(of: "e") {
            // Swift writes 1e+16 and 1e-05 as Python does; only make sure of the sign.
            let exponent = text[text.index(after: e)...]
            if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { text.insert("+", at: text.index(after: e)) }
        }
        return text
    }
}
