// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension CRMStore {
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
            try undo.run(target)
            if let written = recorder.txID {
                try db.execute(
                    sql: "INSERT INTO undo_marks (tx_id, undoes) VALUES (?, ?)", arguments: [written, target])
            }
            return UndoOutcome(undone: target, transaction: recorder.txID, done: undo.done, kept: undo.kept)
        }
    }
}
