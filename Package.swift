// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ztenant",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ztenant", targets: ["ztenant"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "ZuoraAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ZTenantCore",
            dependencies: ["ZuoraAPI"]
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
                "ZTenantCore",
                "ZuoraMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ZuoraAPITests", dependencies: ["ZuoraAPI", "ZuoraMock"]),
        .testTarget(name: "ZTenantCoreTests", dependencies: ["ZTenantCore"]),
        .testTarget(name: "ZuoraMockTests", dependencies: ["ZuoraMock"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ZuoraMock"]),
    ],
    swiftLanguageModes: [.v6]
)
