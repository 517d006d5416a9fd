/// Python's `json.dumps`, byte for byte, for the two places iptfleet must print what Python
/// prints: `ansible-inventory`'s output (`AnsibleJSON`) and the `to_json` / `to_nice_json`
/// filters. Floats keep their `.0`, and infinities and NaN are written as Python writes them
/// (`Infinity`, `-Infinity`, `NaN`); Foundation's JSONEncoder can do neither.
struct PythonJSON {
    /// `indent=`: nil writes everything on one line.
    var indent: Int?
    /// `sort_keys=`: by code point, which is UTF-8 byte order.
    var sortKeys: Bool
    /// `ensure_ascii=`: every character outside ' '…'~' as `\uXXXX`.
    var ensureASCII: Bool
    /// The first of `separators=`: `", "` without indent, `","` with it.
    var itemSeparator: String
    /// A vaulted value as ansible-inventory writes it, `{"__ansible_vault": …}`, rather than
    /// its ciphertext as a string.
    var vaultAsMapping = false

    func dumps(_ value: VariableValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The JSON as UTF-8 bytes, ready to be written out without another copy.
    func bytes(_ value: VariableValue) -> [UInt8] {
        var writer = Writer(format: self)
        writer.append(value, level: 0)
        return writer.bytes
    }

    /// Appends UTF-8 bytes to one buffer (10,000 hosts' variables are megabytes of JSON).
    private struct Writer {
        let format: PythonJSON
        /// `format.itemSeparator` as bytes, appended once per item.
        let separator: [UInt8]
        var bytes: [UInt8] = []

        init(format: PythonJSON) {
            self.format = format
            separator = Array(format.itemSeparator.utf8)
        }

        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func newline(indent level: Int) {
            guard let indent = format.indent else { return }
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * indent))
        }

        mutating func append(_ value: VariableValue, level: Int) {
            switch value {
            case .string(let text): appendString(text)
            case .int(let number): append(String(number))
            case .float(let number): append(PythonJSON.float(number))
            case .bool(let flag): append(flag ? "true" : "false")
            case .null: append("null")
            case .vault(let text):
                if format.vaultAsMapping {
                    append(.dict([VaultedText.jsonKey: .string(text.envelope)]), level: level)
                } else {
                    appendString(text.envelope)
                }
            case .list(let items):
                guard !items.isEmpty else { append("[]"); return }
                bytes.append(UInt8(ascii: "["))
                for (index, item) in items.enumerated() {
                    if index > 0 { bytes.append(contentsOf: separator) }
                    newline(indent: level + 1)
                    append(item, level: level + 1)
                }
                newline(indent: level)
                bytes.append(UInt8(ascii: "]"))
            case .dict(let entries):
                guard !entries.isEmpty else { append("{}"); return }
                bytes.append(UInt8(ascii: "{"))
                let pairs = format.sortKeys ? entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : Array(entries.elements)
                if pairs.count >= 1024 {
                    // A large mapping (the hostvars of thousands of hosts): write it on every core.
                    let chunkSize = 256
                    let chunks = stride(from: 0, to: pairs.count, by: chunkSize).map { Array(pairs[$0..<min($0 + chunkSize, pairs.count)]) }
                    let format = format
                    let written = chunks.parallelMap { chunk in
                        var writer = Writer(format: format)
                        writer.appendEntries(chunk, level: level)
                        return writer.bytes
                    }
                    for (index, chunk) in written.enumerated() {
                        if index > 0 { bytes.append(contentsOf: separator) }
                        bytes.append(contentsOf: chunk)
                    }
                } else {
                    appendEntries(pairs, level: level)
                }
                newline(indent: level)
                bytes.append(UInt8(ascii: "}"))
            }
        }

        /// `"key": value` pairs separated by the item separator, each on its own line when indented.
        mutating func appendEntries(_ entries: [(key: String, value: VariableValue)], level: Int) {
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(contentsOf: separator) }
                newline(indent: level + 1)
                appendString(entry.key)
                append(": ")
                append(entry.value, level: level + 1)
            }
        }

        /// A JSON string, escaped as Python escapes it.
        mutating func appendString(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            // Most strings need no escaping: copy them in one go.
            let highest: UInt8 = format.ensureASCII ? 0x7E : 0xFF
            let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                guard !utf8.contains(where: { $0 < 0x20 || $0 > highest || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
                bytes.append(contentsOf: utf8)
                return true
            }
            if copied != true {
                for scalar in text.unicodeScalars { appendEscaped(scalar) }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func appendEscaped(_ scalar: Unicode.Scalar) {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case "\u{08}": append("\\b")
            case "\u{0C}": append("\\f")
            case _ where scalar.value < 0x20 || (format.ensureASCII && scalar.value > 0x7E):
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
            default: UTF8.encode(scalar) { bytes.append($0) }
            }
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
