// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// The store is sealed: only CRMStore runs SQL on the local database, so a rule or a query has
/// one home, and analytics, the TUI, import/export and the CLI cannot disagree with it.
///
/// Read from the package itself (Package.swift and Sources/), so a new `import GRDB` or a new
/// GRDB dependency anywhere else fails here, with the file named.
@Suite struct SealedStoreTests {
    /// Targets allowed to link GRDB, and why.
    static let allowed: [String: String] = [
        "CRMStore": "the store itself",
        "CRMServer": "the server's change-log stores (a different database, on the server)",
        "crm-bench": "benchmark floors: what SQLite alone takes, timed on its own read-only connection",
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func noSourceOutsideTheStoreImportsGRDB() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        var offenders: [String] = []
        for target in targets where Self.allowed[target] == nil {
            let folder = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                if text.split(separator: "\n").contains(where: { $0.hasPrefix("import GRDB") }) {
                    offenders.append("Sources/\(target)/\(file)")
                }
            }
        }
        #expect(targets.contains("CRMStore"), "the test reads the package at \(Self.root.path)")
        #expect(offenders.isEmpty, "GRDB imported outside the store: \(offenders)")
    }

    @Test func onlyAllowedTargetsDependOnGRDB() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let blocks =
            manifest.components(separatedBy: ".target(").dropFirst()
            + manifest.components(separatedBy: ".executableTarget(").dropFirst()
        var linking: [String] = []
        for block in blocks {
            let body = Self.upToNextTarget(String(block))
            guard let name = Self.firstName(in: body) else { continue }
            if body.contains("package: \"GRDB.swift\"") { linking.append(name) }
        }
        #expect(linking.contains("CRMStore"), "the manifest was parsed: CRMStore links GRDB")
        let unexpected = linking.filter { Self.allowed[$0] == nil }
        #expect(unexpected.isEmpty, "targets linking GRDB besides \(Self.allowed.keys.sorted()): \(unexpected)")
    }

    /// The `name: "…"` at the start of a target block.
    static func firstName(in block: String) -> String? {
        guard let start = block.range(of: "name: \"") else { return nil }
        let rest = block[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// A target block's text, cut where the next target of any kind begins.
    static func upToNextTarget(_ block: String) -> String {
        let markers = [".target(", ".executableTarget(", ".testTarget(", ".systemLibrary("]
        let cut = markers.compactMap { block.range(of: $0)?.lowerBound }.min() ?? block.endIndex
        return String(block[..<cut])
    }
}
