// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMTestSupport
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// A fresh database file in a temporary folder (removed when the test process exits), opened
/// through `Store.open` as the CLI does.
func temporaryStore() throws -> (Store, URL) {
    let folder = try TestRunFolder.directory("interchange-store")
    return (try Store.open(path: folder.appendingPathComponent("crm.sqlite").path), folder)
}

/// The shared third-party fixtures beside the package root (../shared/fixtures).
///
/// A test that reads them carries `Fixtures.required`, so without the folder the runner reports
/// it as skipped, with the reason, and never as passed.
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

    /// The path of a fixture file.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Imports a CSV file into the store the way `crm import csv` does.
func importCSV(
    _ path: String, kind: EntityKind, into store: Store, preset: ImportPreset? = nil, map: String? = nil,
    strict: Bool = false, dryRun: Bool = false, batchSize: Int = 2000
) throws -> ImportReport {
    let stages = try store.stages().map(\.name)
    let options = CSVImportOptions(kind: kind, preset: preset, map: map, stages: stages)
    var sink = StoreImportSink(store: store, kind: kind)
    var progress: ProgressBar? = nil
    return try CSVImporter(options: options, dryRun: dryRun, strict: strict, batchSize: batchSize).run(
        path: path, into: &sink, progress: &progress)
}

/// Writes `text` to a file in `folder`.
func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// How many change-log entries the store has.
func changeCount(_ store: Store) throws -> Int {
    try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0 }
}
