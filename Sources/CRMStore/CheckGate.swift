// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB

/// Refuses writes to a database whose last `crm check` found problems.
///
/// SQLite keeps writing to a file with garbled pages as long as the pages it touches parse, so
/// a damaged database could take new changes, push them, and spread a damaged state. Once a
/// check fails, every local write (`Store.write`) and every pulled page (`applyRemote`) is
/// refused with `StoreError.checkFailed` until a check passes, or the person accepts the
/// problems (`crm check --allow-writes`). The outcome lives in `settings` under `key`; a file too
/// damaged to record it refuses writes by itself.
enum CheckGate {
    /// The setting that holds the last failed check's summary.
    static let key = "check.failed"

    /// Throws `StoreError.checkFailed` when the last check failed and was not accepted.
    static func ensureWritable(_ db: Database, path: String) throws {
        if let summary = try Store.setting(db, key) {
            throw StoreError.checkFailed(path: path, summary: summary)
        }
    }
}

extension Store {
    /// Records a check's outcome: with problems (and not `allowWrites`), writes are refused from
    /// now on; with none, or with `allowWrites`, they are allowed.
    public func recordCheck(problems: [String], allowWrites: Bool) throws {
        try writer.write { db in
            if problems.isEmpty || allowWrites {
                try Self.setSetting(db, CheckGate.key, nil)
            } else {
                let first = problems[0].prefix(200)
                try Self.setSetting(db, CheckGate.key, "\(problems.count) problem(s), the first: \(first)")
            }
        }
    }
}
