// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Locates the shared third-party fixture files (../shared/fixtures beside the package root).
///
/// Tests read them in place, never copied into the repository; a test that needs them skips with
/// a printed reason when the folder is absent.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: root.path)
        if !present { print("skipping: fixture folder \(root.path) is absent") }
        return present
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crm-interchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A money field value for expectations; `code` must be a valid ISO 4217 code.
func money(_ minorUnits: Int64, _ code: String) -> FieldValue {
    (try? Currency(code)).map { .money(Money(minorUnits: minorUnits, currency: $0)) } ?? .null
}
