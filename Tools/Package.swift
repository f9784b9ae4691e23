// swift-tools-version: 6.2
// Code generators for syshook's tables. Separate from the main package so users never build them.
// Run: swift run --package-path Tools generate-tables   (add --check to verify the checked-in output)
import PackageDescription

let package = Package(
    name: "syshook-tools",
    targets: [
        .executableTarget(name: "generate-tables"),
        .executableTarget(name: "generate-xlat"),
    ],
    swiftLanguageModes: [.v6]
)
