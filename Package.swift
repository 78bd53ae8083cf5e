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
        .executableTarget(
            name: "crm",
            dependencies: [
                "CRMCore", "CRMStore", "CRMInterchange", "CRMInterchangeStore",
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
        .target(name: "CRMInterchange", dependencies: ["CRMCore"], swiftSettings: strict),
        .testTarget(name: "CRMInterchangeTests", dependencies: ["CRMInterchange"], swiftSettings: strict),
        .target(
            name: "CRMInterchangeStore",
            dependencies: ["CRMCore", "CRMStore", "CRMInterchange", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRMInterchangeStoreTests",
            dependencies: ["CRMInterchangeStore", "CRMInterchange", "CRMStore", "CRMCore"],
            swiftSettings: strict
        ),
    ]
)
