// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTestSupport
import Foundation
import Testing

/// Locates the shared third-party fixture files (../shared/fixtures beside the package root).
///
/// Tests read them in place, never copied into the repository. A test that needs them carries
/// the `Fixtures.required` trait, so without the folder the runner reports it as skipped, with the
/// reason, and never as passed.
enum Fixtures {
    /// ../shared/fixtures beside the package root, or the folder `CRM_TEST_FIXTURES` names.
    static let root: URL =
        ProcessInfo.processInfo.environment["CRM_TEST_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    /// Disables a test, with the reason, when the fixture folder is absent.
    static var required: ConditionTrait {
        .enabled(
            if: FileManager.default.fileExists(atPath: root.path),
            Comment(rawValue: "needs the shared fixtures at \(root.path), which is absent"))
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A fresh temporary directory for one test, removed when the test process exits.
    static func temporaryDirectory() throws -> URL {
        try TestRunFolder.directory("interchange")
    }
}

/// A money field value for expectations; `code` must be a valid ISO 4217 code.
func money(_ minorUnits: Int64, _ code: String) -> FieldValue {
    (try? Currency(code)).map { .money(Money(minorUnits: minorUnits, currency: $0)) } ?? .null
}
