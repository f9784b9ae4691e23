// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode plus the strict upcoming features (style.md D1).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "syshook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SysHook", targets: ["SysHook"]),
        .executable(name: "syshook", targets: ["syshook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // Layer 0: C shim. Only what Swift cannot call (variadic functions, macros) and the spawn child.
        .target(
            name: "CSysHook",
            cSettings: [.define("_GNU_SOURCE")]
        ),
        // Layer 1
        .target(
            name: "LinuxSystem",
            dependencies: ["CSysHook", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strict
        ),
        .target(name: "SyscallTables", swiftSettings: strict),
        // Layer 2
        .target(name: "Seccomp", dependencies: ["LinuxSystem", "SyscallTables"], swiftSettings: strict),
        .target(name: "BPF", dependencies: ["LinuxSystem"], swiftSettings: strict),
        .target(name: "BTF", swiftSettings: strict),
        // Layer 3
        .target(name: "Tracer", dependencies: ["Seccomp", "LinuxSystem", "SyscallTables"], swiftSettings: strict),
        .target(name: "Monitor", dependencies: ["BPF", "BTF", "SyscallTables", "LinuxSystem"], swiftSettings: strict),
        // Layer 4
        .target(name: "Decoding", dependencies: ["SyscallTables", "LinuxSystem"], swiftSettings: strict),
        // Layer 5
        .target(
            name: "SysHook",
            dependencies: ["Tracer", "Monitor", "Decoding", "Seccomp", "SyscallTables", "LinuxSystem", "BPF", "BTF"],
            swiftSettings: strict
        ),
        // Layer 6
        .executableTarget(
            name: "syshook",
            dependencies: ["SysHook", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // A program the tests trace: performs exact syscalls on request.
        .executableTarget(name: "syshook-fixture", dependencies: ["CSysHook"], swiftSettings: strict),

        .target(name: "TestSupport", dependencies: ["LinuxSystem"], path: "Tests/TestSupport", swiftSettings: strict),
        // C test support: _Static_asserts of the generated tables against the host headers (generate-tables writes it).
        .target(name: "CHeaderChecks", path: "Tests/CHeaderChecks"),
        .testTarget(
            name: "SyscallTablesTests", dependencies: ["SyscallTables", "CHeaderChecks", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SeccompTests", dependencies: ["Seccomp", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "BPFTests", dependencies: ["BPF", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "BTFTests", dependencies: ["BTF", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MonitorTests", dependencies: ["Monitor", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TracerTests", dependencies: ["Tracer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DecodingTests", dependencies: ["Decoding", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["SysHook", "TestSupport"],
            swiftSettings: strict
        ),
    ]
)
