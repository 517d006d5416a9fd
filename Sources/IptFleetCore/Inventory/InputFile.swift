import Foundation

/// Reads an inventory or vars file as UTF-8 text, refusing what cannot be one before reading it:
/// anything but a regular file (a FIFO would block, `/dev/zero` never ends), a file larger than
/// `maximumSize`, and bytes that are not UTF-8 (reported with their line and byte offset).
enum InputFile {
    /// The largest file read: far above any real inventory, far below what exhausts memory.
    static let maximumSize = 16 << 20

    static func read(_ path: String) throws(InventoryError) -> String {
        let whole = VariableOrigin(file: path, line: nil)
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InventoryError(origin: whole, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw InventoryError(origin: whole, message: "not a regular file (\(kind(of: status.st_mode)))")
        }
        guard status.st_size <= maximumSize else {
            throw InventoryError(origin: whole, message: "the file has \(status.st_size) bytes; iptfleet reads files of at most \(maximumSize) bytes (16 MiB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InventoryError(origin: whole, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        return try decode(data, path: path)
    }

    /// `data` as UTF-8 text, or an error at the first byte that is not UTF-8.
    static func decode(_ data: Data, path: String) throws(InventoryError) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var offset = 0
        var line = 1
        var decoder = UTF8()
        var bytes = data.makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            offset += UTF8.width(scalar)
            if scalar == "\n" { line += 1 }
        }
        let byte = String(data[data.startIndex + offset], radix: 16, uppercase: true)
        throw InventoryError(origin: VariableOrigin(file: path, line: line),
                             message: "not UTF-8 at byte \(offset + 1) (0x\(byte)); save the file as UTF-8")
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }
}
