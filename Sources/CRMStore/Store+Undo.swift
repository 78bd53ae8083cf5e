// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// The newest local transactions, newest first, in words: what `crm undo --list` shows.
    ///
    /// Only this device's change log is read: an undo takes back what this device wrote, and
    /// the transactions of other devices are theirs to undo.
    public func undoHistory(limit: Int = 10, timeZoneOffsetSeconds: Int = 0) throws -> [UndoTransaction] {
        try read { db in
            var summary = TransactionSummary(db: db, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            var result: [UndoTransaction] = []
            var next = try TransactionLog.last(db)
            while let tx = next, result.count < limit {
                if let described = try summary.describe(tx) { result.append(described) }
                next = try TransactionLog.before(db, tx)
            }
            return result
        }
    }

    /// Takes back transaction `tx` (default: the newest) in a new transaction that syncs.
    ///
    /// The undo is an ordinary write, so undoing it again is a redo. Fields someone changed
    /// since are left alone and listed in the outcome's `kept`.
    ///
    /// ```swift
    /// let outcome = try store.undo()          // the last edit
    /// _ = try store.undo(outcome.transaction) // and back again
    /// ```
    @discardableResult
    public func undo(_ tx: Int64? = nil, timeZoneOffsetSeconds: Int = 0) throws -> UndoOutcome {
        try write { recorder in
            let db = recorder.db
            guard let target = try tx ?? TransactionLog.last(db) else {
                throw StoreError.conflict("nothing to undo: this device has made no changes yet")
            }
            guard try TransactionLog.range(db, target) != nil else {
                throw StoreError.conflict(
                    "this device has no transaction #\(target) to undo; crm undo --list shows the recent ones")
            }
            var undo = TransactionUndo(recorder: recorder, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            try undo.run(TransactionLog.entries(db, target))
            if let written = recorder.txID {
                try db.execute(
                    sql: "INSERT INTO undo_marks (tx_id, undoes) VALUES (?, ?)", arguments: [written, target])
            }
            return UndoOutcome(undone: target, transaction: recorder.txID, done: undo.done, kept: undo.kept)
        }
    }

    /// The last device sequence written so far: an import notes it before it starts, and
    /// `recordImport` takes every transaction after it as the import's.
    public func lastDeviceSeq() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(device_seq) FROM change_log") ?? 0 }
    }

    /// Remembers the transactions an import wrote (those after `mark`) as one import run, so
    /// `crm undo --import N` can take them all back; nil when it wrote nothing.
    public func recordImport(file: String, kind: String, since mark: Int64) throws -> Int64? {
        try writer.write { db in
            guard let last = try Int64.fetchOne(db, sql: "SELECT MAX(device_seq) FROM change_log"), last > mark
            else { return nil }
            try db.execute(
                sql: "INSERT INTO import_runs (file, kind, first_seq, last_seq, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [file, kind, mark + 1, last, clock()])
            return db.lastInsertedRowID
        }
    }

    /// Takes back every record import run `id` created or changed, in one new transaction,
    /// except what was changed since (listed in the outcome's `kept`).
    @discardableResult
    public func undoImport(_ id: Int64, timeZoneOffsetSeconds: Int = 0) throws -> UndoOutcome {
        try write { recorder in
            let db = recorder.db
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT first_seq, last_seq FROM import_runs WHERE id = ?", arguments: [id])
            else {
                throw StoreError.conflict(
                    "this device has no import #\(id); crm import prints the number of each import it makes")
            }
            let entries = try TransactionLog.entries(db, from: row["first_seq"], through: row["last_seq"])
            var undo = TransactionUndo(recorder: recorder, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
            try undo.run(entries)
            return UndoOutcome(
                undone: entries.first?.seq ?? 0, transaction: recorder.txID, done: undo.done, kept: undo.kept)
        }
    }
}
