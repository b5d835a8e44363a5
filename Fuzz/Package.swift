// swift-tools-version:6.0
// Coverage-guided fuzz targets (libFuzzer) for ztenant's parsers. A package of its own
// because SwiftPM cannot link a libFuzzer executable inside the root package (its `main`
// aliasing, SwiftPM #4522) and fuzzing must not disturb `swift test`.
// Build and run with ../scripts/fuzz.sh TARGET SECONDS.
import PackageDescription

let package = Package(
    name: "ztenant-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "ztenant", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ZuoraAPI", package: "ztenant")]),
        .executableTarget(
            name: "FuzzVaultFile",
            dependencies: [
                "FuzzSupport",
                .product(name: "CredentialVault", package: "ztenant"),
                .product(name: "ZTenantCore", package: "ztenant"),
            ]),
        .executableTarget(
            name: "FuzzResponse",
            dependencies: ["FuzzSupport", .product(name: "ZuoraAPI", package: "ztenant")]),
        .executableTarget(
            name: "FuzzTheme",
            dependencies: [
                "FuzzSupport",
                .product(name: "ZTenantCore", package: "ztenant"),
                .product(name: "ZTenantThemes", package: "ztenant"),
            ]),
        .executableTarget(
            name: "FuzzProfile",
            dependencies: [
                "FuzzSupport",
                .product(name: "ZTenantCore", package: "ztenant"),
                .product(name: "ZuoraAPI", package: "ztenant"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
