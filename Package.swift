// swift-tools-version:6.0
import Foundation
import PackageDescription

// libssh2 >= 1.11 is needed (rsa-sha2 user keys, AES-GCM, -etm MACs). Where the system's is older
// (Debian 12: 1.10), Scripts/install-deps builds 1.11.1 from Debian's source package into
// .build-deps/ as a static library, and the build links that one; otherwise the system's
// libssh2 (pkg-config) is used. See Docs/packaging.md.
let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let bundledLibSSH2 = packageDirectory + "/.build-deps/libssh2-1.11.1"
let useBundledLibSSH2 = FileManager.default.fileExists(atPath: bundledLibSSH2 + "/lib/libssh2.a")

let package = Package(
    name: "iptfleet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "iptfleet", targets: ["iptfleet"]),
        .library(name: "IptFleetCore", targets: ["IptFleetCore"]),
        .library(name: "IptFleetSSH", targets: ["IptFleetSSH"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/kylef/PathKit", from: "1.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        useBundledLibSSH2
            ? .systemLibrary(name: "CLibSSH2", path: "Sources/CLibSSH2/bundled")
            : .systemLibrary(
                name: "CLibSSH2",
                pkgConfig: "libssh2",
                providers: [.apt(["libssh2-1-dev"])]
            ),
        .target(
            name: "IptFleetCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Stencil", package: "Stencil"),
                .product(name: "PathKit", package: "PathKit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "IptFleetSSH",
            dependencies: ["CLibSSH2", .product(name: "Logging", package: "swift-log")],
            linkerSettings: useBundledLibSSH2 ? [.unsafeFlags(["-L" + bundledLibSSH2 + "/lib"])] : []
        ),
        .target(
            name: "IptFleetDeploy",
            dependencies: ["IptFleetCore", "IptFleetSSH", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "iptfleet",
            dependencies: [
                "IptFleetCore",
                "IptFleetDeploy",
                "IptFleetSSH",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "IptFleetCoreTests",
            dependencies: ["IptFleetCore", "TestSupport"]
        ),
        .testTarget(
            name: "IptFleetDeployTests",
            dependencies: ["IptFleetDeploy", "iptfleet", "TestSupport"]
        ),
        .testTarget(
            name: "IptFleetCLITests",
            dependencies: ["iptfleet", "TestSupport"]
        ),
        .testTarget(
            name: "FirewallScriptTests",
            dependencies: ["IptFleetCore", "TestSupport"]
        ),
        .testTarget(
            name: "IptFleetSSHTests",
            dependencies: ["IptFleetSSH", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "ssh-bench",
            dependencies: ["IptFleetSSH"],
            path: "Benchmarks/ssh/ssh-bench"
        ),
    ]
)
