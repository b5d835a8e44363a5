// swift-tools-version:6.0
import PackageDescription
#if canImport(Glibc)
import Glibc
#endif

/// How release builds of the two executables link on Linux (docs/benchmarks.md, "How the
/// release binary is linked"): with lld; exporting only `main` (link/exports.map), where the
/// toolchain's default exports every symbol; placing the functions everyday commands run side
/// by side (link/ztenant.order, written by scripts/generate-link-order.py; it pays off with
/// the function sections scripts/build-release.sh asks for); and, where glibc can load them
/// (2.36 and later), with compact relative relocations (DT_RELR) instead of 3 MiB of
/// `.rela.dyn` read at every start (such a binary then needs glibc 2.36 where it runs too).
/// Debug builds, and so `swift test`, link as SwiftPM does by default.
let releaseLinking: [LinkerSetting] = {
    #if os(Linux)
    let link = Context.packageDirectory + "/link"
    var flags = [
        "-use-ld=lld",
        "-Xlinker", "--version-script=\(link)/exports.map",
        "-Xlinker", "--symbol-ordering-file=\(link)/ztenant.order",
        "-Xlinker", "--no-warn-symbol-ordering",
    ]
    #if canImport(Glibc)
    var name = [CChar](repeating: 0, count: 64)  // "glibc 2.36"
    _ = confstr(Int32(_CS_GNU_LIBC_VERSION), &name, name.count)
    let version = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let glibc = version.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
    if glibc.count >= 2, !glibc.lexicographicallyPrecedes([2, 36]) {
        flags += ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
    }
    #endif
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
    #else
    return []
    #endif
}()

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
        // SHA-256 blocks with a chaining state the caller keeps (a vault write resumes the
        // trailing digest after the unchanged prefix of the file): docs/vault-format.md.
        .target(name: "CSHA256"),
        .target(
            name: "CredentialVault",
            dependencies: [
                "CProcessControl",
                "CSHA256",
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
                "CProcessControl",
                "ZuoraAPI",
                "CredentialVault",
                "ZTenantAgent",
                "ZTenantCore",
                "ZTenantThemes",
                "ZTenantTUI",
                "ZuoraMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: releaseLinking
        ),
        // Benchmarks: run with scripts/bench.sh (release build); prints figures, asserts nothing.
        .executableTarget(
            name: "ztenant-bench",
            dependencies: [
                "CredentialVault", "ZTenantAgent", "ZTenantCore", "ZuoraAPI", "ZuoraMock",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            linkerSettings: releaseLinking
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
