/// JSON as `ansible-inventory` writes it: Python's `json.dumps(sort_keys=True, indent=4,
/// ensure_ascii=False)`, with vaulted values as `{"__ansible_vault": …}`.
enum AnsibleJSON {
    static let format = PythonJSON(indent: 4, sortKeys: true, ensureASCII: false, itemSeparator: ",", vaultAsMapping: true)

    static func write(_ value: VariableValue) -> String { format.dumps(value) }

    /// The JSON as UTF-8 bytes, ready to be written out without another copy.
    static func bytes(_ value: VariableValue) -> [UInt8] { format.bytes(value) }
}
