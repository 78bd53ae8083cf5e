// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "crm",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "crm", targets: ["crm"]),
        .executable(name: "crm-bench", targets: ["crm-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "CRMCore", swiftSettings: strict),
        .target(
            name: "CRMStore",
            dependencies: ["CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CRMTUI", dependencies: ["CRMCore", "CNcursesw"], swiftSettings: strict),
        .target(
            name: "CRMTUIStore",
            dependencies: ["CRMTUI", "CRMStore", "CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crm",
            dependencies: [
                "CRMCore", "CRMStore", "CRMTUI", "CRMTUIStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crm-bench",
            dependencies: ["CRMCore", "CRMStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "CRMCoreTests", dependencies: ["CRMCore"], swiftSettings: strict),
        .testTarget(name: "crmTests", dependencies: ["crm"], swiftSettings: strict),
        .testTarget(
            name: "CRMStoreTests",
            dependencies: ["CRMStore", "CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "CRMTUITests", dependencies: ["CRMTUI", "CRMCore"], swiftSettings: strict),
        .testTarget(
            name: "CRMTUIStoreTests",
            dependencies: ["CRMTUIStore", "CRMTUI", "CRMStore", "CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
    ]
)
