// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "crm",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "crm", targets: ["crm"]),
        .executable(name: "crm-bench", targets: ["crm-bench"]),
        .executable(name: "crm-server", targets: ["crm-server"]),
        .executable(name: "crm-load", targets: ["crm-load"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "CRMCore", swiftSettings: strict),
        .target(name: "CRMMeasure", swiftSettings: strict),
        .target(
            name: "CRMStore",
            dependencies: ["CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        // sqlite3_db_config, which is variadic and so out of Swift's reach (SQLitePlannerStability).
        .systemLibrary(name: "CSQLiteConfig", providers: [.apt(["libsqlite3-dev"])]),
        // SQLite's page cache with a commit's needless walk skipped (PageCache.c).
        .target(name: "CSQLitePageCache", linkerSettings: [.linkedLibrary("sqlite3")]),
        // A WAL's frames gathered into few large writes (WALBuffer.c).
        .target(name: "CSQLiteWALBuffer", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Whole-buffer gzip: a pull page 10-25 % cheaper than with zlib, 4 % smaller (GzipDeflater).
        .systemLibrary(name: "CLibdeflate", providers: [.apt(["libdeflate-dev"])]),
        // zstd answers for clients that ask: a third of libdeflate's cost a pull answer (Zstd).
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CRMTUI", dependencies: ["CRMCore", "CNcursesw"], swiftSettings: strict),
        .target(
            name: "CRMTUIStore",
            dependencies: [
                "CRMTUI", "CRMStore", "CRMCore", "CRMInterchangeStore", "CRMAnalytics",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CRMSync",
            dependencies: [
                "CRMCore", "CLibdeflate", "CZstd",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CRMServer",
            dependencies: [
                "CRMCore", "CRMSync", "CRMMail", "CSQLiteConfig", "CSQLitePageCache", "CSQLiteWALBuffer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CRMAnalytics",
            dependencies: ["CRMCore", "CRMStore"],
            swiftSettings: strict
        ),
        .target(
            name: "CRMSyncClient",
            dependencies: [
                "CRMCore", "CRMStore", "CRMSync",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crm",
            dependencies: [
                "CRMCore", "CRMStore", "CRMSyncClient", "CRMAnalytics", "CRMTUI", "CRMTUIStore", "CRMInterchange",
                "CRMInterchangeStore", "CRMMail", "CRMSMTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            // The release crm carries the Swift runtime and Foundation inside it: loading and
            // relocating them as ~20 shared libraries (ICU among them) was a large part of the
            // start-up of a `crm` call, which scripts make in loops (issue 21, Docs/BENCHMARKS.md).
            // `-static-stdlib` alone leaves Foundation's own static dependencies out of SwiftPM's
            // link line, hence the libraries after it.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCollections",
                        "-l_FoundationCShims", "-lstdc++",
                    ], .when(configuration: .release))
            ]
        ),
        .executableTarget(
            name: "crm-bench",
            dependencies: [
                "CRMCore", "CRMStore", "CRMSync", "CRMSyncClient", "CRMAnalytics", "CRMInterchangeStore", "CRMTUI",
                "CRMTUIStore", "CRMMeasure", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crm-server",
            dependencies: [
                "CRMServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict,
            // jemalloc instead of glibc's malloc: in the load bench's mix a third of the memory and
            // less CPU (Docs/SERVER.md, "Memory allocator"). Debian's libjemalloc-dev.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "crm-load",
            dependencies: [
                "CRMCore", "CRMSync", "CRMServer", "CRMMeasure", "CRMInterchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict,
            // As crm-server: the load generator shares the server's cores (Docs/SERVER.md).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "CRMLoadTests",
            dependencies: [
                "crm-load", "CRMServer", "CRMSync", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CRMCoreTests", dependencies: ["CRMCore", "CRMTestSupport"], swiftSettings: strict),
        .testTarget(name: "CRMMeasureTests", dependencies: ["CRMMeasure"], swiftSettings: strict),
        .testTarget(
            name: "CRMAnalyticsTests",
            dependencies: ["CRMAnalytics", "CRMStore", "CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "crmTests",
            dependencies: [
                "crm", "crm-server", "CRMCore", "CRMStore", "CRMSyncClient", "CRMMail", "CRMInterchangeStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRMStoreTests",
            dependencies: ["CRMStore", "CRMCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRMTUITests", dependencies: ["CRMTUI", "CRMCore", "CRMTUITestSupport"], swiftSettings: strict),
        // The in-memory `CRMDataSource` the TUI's screen tests run on, shared with CRMTUIStoreTests,
        // whose contract test holds it to the real store adapter.
        .target(
            name: "CRMTUITestSupport", dependencies: ["CRMTUI", "CRMCore"], path: "Tests/CRMTUITestSupport",
            swiftSettings: strict),
        .testTarget(name: "crm-benchTests", dependencies: ["crm-bench", "CRMStore"], swiftSettings: strict),
        .testTarget(
            name: "CRMTUIStoreTests",
            dependencies: [
                "CRMTUIStore", "CRMTUI", "CRMStore", "CRMCore", "CRMAnalytics",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Seeded input generation shared by the fuzz tests of several test targets (they cannot share sources).
        .target(name: "CRMTestSupport", path: "Tests/CRMTestSupport", swiftSettings: strict),
        .testTarget(name: "CRMSyncTests", dependencies: ["CRMSync", "CRMTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CRMSyncClientTests", dependencies: ["CRMSyncClient", "CRMStore", "CRMSync", "CRMCore"],
            swiftSettings: strict),
        .testTarget(
            name: "CRMServerTests",
            dependencies: [
                "CRMServer", "CRMSync", "CRMTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CRMInterchange", dependencies: ["CRMCore"], swiftSettings: strict),
        // Mail parsing (RFC 5322, MIME, RFC 2047, charsets, classification) and mailbox reading; no storage.
        .target(
            name: "CRMMail", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // SMTP delivery on swift-nio (STARTTLS with swift-nio-ssl, AUTH PLAIN/LOGIN); written by hand (ARCHITECTURE.md).
        .target(
            name: "CRMSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "CRMMailTests", dependencies: ["CRMMail", "CRMTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "CRMInterchangeTests", dependencies: ["CRMInterchange", "CRMTestSupport"], swiftSettings: strict),
        .target(
            name: "CRMInterchangeStore",
            dependencies: ["CRMCore", "CRMStore", "CRMInterchange"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRMInterchangeStoreTests",
            dependencies: ["CRMInterchangeStore", "CRMInterchange", "CRMStore", "CRMCore", "CRMTestSupport"],
            swiftSettings: strict
        ),
    ]
)
