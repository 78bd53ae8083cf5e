// swift-tools-version:6.1
// The CSV library evaluation of Docs/INTERCHANGE.md: correctness cases and a 100k-row timing,
// run against SwiftCSV, CSV.swift and CRMInterchange's own reader. Not part of the product build.
import PackageDescription

let package = Package(
    name: "CSVEvaluation",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .target(name: "CRMCore"),
        .target(name: "CRMInterchange", dependencies: ["CRMCore"]),
        .executableTarget(
            name: "csv-eval",
            dependencies: [
                "CRMInterchange", .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
