// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation
import GRDB

/// A bulk action on 10,000 marked records (issue 20): one `Store.bulk` call, checked to be one
/// transaction, timed next to its 2 s target (wall clock, and the process's CPU time, which a
/// shared machine inflates less); then the one undo that takes it back, so later phases see the
/// database as the insert left it.
struct BulkBench {
    static let records = 10_000
    let store: Store

    func run(into report: inout BenchReport) throws {
        let deals = try store.records(.deal, limit: Self.records).map(\.id)
        guard let target = try store.stages().filter({ $0.kind == .open }).dropFirst().first else {
            throw BenchError("the bench database has no second open stage to move deals to")
        }
        let before = try lastSequence()
        var changed = 0
        let cpuBefore = Measure.cpuSeconds()
        let seconds = try Measure.seconds { changed = try store.bulk(deals, of: .deal, .stage(target.id)) }
        let cpu = Measure.cpuSeconds() - cpuBefore
        let transactions = try BareSQLite.read(store.path) { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(DISTINCT tx_id) FROM change_log WHERE device_seq > ?", arguments: [before]) ?? 0
        }
        guard transactions == 1, changed > 0 else {
            throw BenchError("the bulk move wrote \(transactions) transactions and changed \(changed) deals")
        }
        var undone = 0
        let undoCPUBefore = Measure.cpuSeconds()
        let undo = try Measure.seconds { undone = try store.undo().done.count }
        let undoCPU = Measure.cpuSeconds() - undoCPUBefore
        report.print("\n== bulk action on marked records (Store.bulk: one transaction, one undo)")
        report.print(
            "move \(deals.count.formatted()) deals to \(target.name) (\(changed.formatted()) changed): "
                + String(format: "%.2f s (%.2f s CPU) in 1 transaction   target < 2 s", seconds, cpu))
        report.print(
            "its one undo (\(undone.formatted()) lines of what it did): "
                + String(format: "%.2f s (%.2f s CPU)", undo, undoCPU))
    }

    private func lastSequence() throws -> Int64 {
        try BareSQLite.read(store.path) { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(device_seq), 0) FROM change_log") ?? 0
        }
    }
}
