import Foundation

/// How many of this process's file descriptors are TCP sockets connected to 127.0.0.1:`port`.
func openSocketCount(toPort port: Int) -> Int {
    let hexPort = String(format: ":%04X", port)
    let inodes = Set(procFile("/proc/net/tcp").split(separator: "\n").dropFirst().compactMap { line -> String? in
        let fields = line.split(separator: " ")
        return fields.count > 9 && fields[2].hasSuffix(hexPort) ? String(fields[9]) : nil
    })
    return socketInodes().filter(inodes.contains).count
}

/// The inodes of this process's Unix-domain sockets (socket pairs among them).
func unixSockets() -> Set<String> {
    let inodes = Set(procFile("/proc/net/unix").split(separator: "\n").dropFirst().compactMap {
        $0.split(separator: " ").dropFirst(6).first.map(String.init)
    })
    return Set(socketInodes().filter(inodes.contains))
}

/// The socket inodes of this process's descriptors.
func socketInodes() -> [String] {
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.compactMap { fd in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
              target.hasPrefix("socket:[") else { return nil }
        return String(target.dropFirst(8).dropLast())
    }
}

/// A /proc file read to its end (reading by the file's size, 0 there, gets at most a page).
func procFile(_ path: String) -> String {
    String(decoding: FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
}
