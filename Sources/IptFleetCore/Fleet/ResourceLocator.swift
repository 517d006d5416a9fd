import Foundation

/// Finds iptfleet's shipped directories (`Templates`, `GroupVars`) when the user names none:
/// an environment variable, then `../share/iptfleet/NAME` next to the executable (an installed
/// package), then — in debug builds only (`swift run`) — the source tree the binary was built
/// from. Whatever is found must pass `ResourceTrust` before it is read.
public enum ResourceLocator {
    public static func directory(named name: String, environmentVariable: String) -> String {
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            return override
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().appendingPathComponent("../share/iptfleet/\(name)").standardized.path
        #if DEBUG
        if !FileManager.default.fileExists(atPath: installed) {
            // Sources/IptFleetCore/Fleet/ResourceLocator.swift → the package root.
            let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            return sourceRoot.appendingPathComponent(name).path
        }
        #endif
        return installed
    }
}
