// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ztenant",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ztenant", targets: ["ztenant"]),
        .executable(name: "ztenant-bench", targets: ["ztenant-bench"]),
        // Libraries only so the fuzz package under Fuzz/ can depend on this one by path.
        .library(name: "ZuoraAPI", targets: ["ZuoraAPI"]),
        .library(name: "CredentialVault", targets: ["CredentialVault"]),
        .library(name: "ZTenantCore", targets: ["ZTenantCore"]),
        .library(name: "ZTenantThemes", targets: ["ZTenantThemes"]),
        .library(name: "ZTenantAgent", targets: ["ZTenantAgent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // 3.x: `_CryptoExtras` still has `KDF.Scrypt` there (4.x moved it out).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"4.0.0"),
        // The vault's history and status sections (chosen by measurement: docs/benchmarks.md).
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        .target(
            name: "ZuoraAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Wide-character ncurses from the system (libncurses-dev).
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // prctl(2) is variadic and not imported into Swift; two small C wrappers.
        .target(name: "CProcessControl"),
        .target(
            name: "CredentialVault",
            dependencies: [
                "CProcessControl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The agent that keeps vaults unlocked (docs/agent.md): knows vault keys, not Zuora.
        .target(name: "ZTenantAgent", dependencies: ["CProcessControl", "CredentialVault"]),
        .target(
            name: "ZTenantCore",
            dependencies: ["ZuoraAPI", "CredentialVault", "ZTenantAgent", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Storage/Protobuf/vault.proto"]
        ),
        // Colour themes (TOML files), shared by the TUI and the CLI's coloured output.
        .target(
            name: "ZTenantThemes",
            dependencies: ["ZTenantCore", "ZuoraAPI"]
        ),
        .target(
            name: "ZTenantTUI",
            dependencies: ["ZTenantCore", "ZTenantThemes", "CNcursesw", "ZuoraAPI", "CredentialVault"]
        ),
        .target(
            name: "ZuoraMock",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "ztenant",
            dependencies: [
                "ZuoraAPI",
                "CredentialVault",
                "ZTenantAgent",
                "ZTenantCore",
                "ZTenantThemes",
                "ZTenantTUI",
                "ZuoraMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: run with scripts/bench.sh (release build); prints figures, asserts nothing.
        .executableTarget(
            name: "ztenant-bench",
            dependencies: [
                "CredentialVault", "ZTenantAgent", "ZTenantCore", "ZuoraAPI", "ZuoraMock",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Helpers every test target shares: mock-server harness, process runner, fixtures.
        .target(
            name: "TestSupport",
            dependencies: ["ZuoraMock"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ZuoraAPITests", dependencies: ["ZuoraAPI", "ZuoraMock", "TestSupport"]),
        .testTarget(
            name: "CredentialVaultTests",
            dependencies: ["CredentialVault", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ZTenantCoreTests", dependencies: ["ZTenantCore", "ZuoraAPI", "CredentialVault", "ZuoraMock", "TestSupport"]),
        .testTarget(
            name: "ZTenantTUITests",
            dependencies: ["ZTenantTUI", "ZTenantThemes", "ZTenantCore", "ZuoraAPI", "CredentialVault", "ZuoraMock", "TestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "ZTenantThemesTests", dependencies: ["ZTenantThemes", "ZTenantCore", "TestSupport"]),
        .testTarget(name: "ZuoraMockTests", dependencies: ["ZuoraMock", "TestSupport"]),
        // Runs the built `ztenant` binary; depending on the executable makes `swift test` build it.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ztenant", "ZuoraMock", "TestSupport", "CredentialVault", "ZTenantAgent", "ZTenantCore", "ZuoraAPI"]),
    ],
    swiftLanguageModes: [.v6]
)
