// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

extension Store {
    /// The writer's page cache during a bulk load, in KiB (512 MiB).
    static let bulkCacheKiB = 512 * 1024
    /// The writer's page cache otherwise, in KiB (64 MiB; see `open`).
    static let normalCacheKiB = 64 * 1024

    /// Runs a long series of write transactions — an import, `crm demo`, the benchmark — with
    /// the writer tuned for it, then puts the everyday settings back.
    ///
    /// A million new contacts insert into a dozen indexes at random places; once those outgrow
    /// the page cache every insert re-reads pages from the OS, and a checkpoint after every
    /// transaction writes the same hot index pages to the file again and again. So for the
    /// duration the writer gets a 512 MiB cache and checkpoints every 64 MiB of WAL instead of
    /// every 4 MiB. Durability is unchanged: each transaction still commits on its own, so an
    /// interrupted load keeps every batch that finished.
    ///
    /// `deferAggregates` is for loads large next to the database (`crm demo`, the benchmark):
    /// the analytics summaries' triggers and the record tables' secondary indexes are off for the
    /// duration, and both are built once at the end (`AggregateRebuild`, `IndexSuspension`); an
    /// interrupted load has them rebuilt at the next open. Lists and searches of this database
    /// are slow while it runs; an import, which looks rows up by email as it goes, keeps both.
    public func bulkLoading<T>(deferAggregates: Bool = false, _ body: () throws -> T) throws -> T {
        try tuneWriter(cacheKiB: Self.bulkCacheKiB, checkpointPages: 16_384)
        defer { try? tuneWriter(cacheKiB: Self.normalCacheKiB, checkpointPages: 1_000) }
        guard deferAggregates else { return try body() }
        try writer.write { db in
            try AggregateRebuild.suspend(db)
            try IndexSuspension.suspend(db)
        }
        let result: T
        do {
            result = try body()
        } catch {
            try? finishDeferred()
            throw error
        }
        try finishDeferred()
        return result
    }

    /// Builds the suspended indexes, then the summaries (whose sums may read them), and gives
    /// back the disk the write-ahead log grew to: building the indexes is one transaction of
    /// hundreds of MiB at a million records, and the log file keeps its size until truncated.
    private func finishDeferred() throws {
        try writer.write { db in
            try IndexSuspension.restore(db)
            try AggregateRebuild.rebuild(db)
        }
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Sets the writer's page cache, and its checkpoint interval when given.
    func tuneWriter(cacheKiB: Int, checkpointPages: Int? = nil) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            if let checkpointPages { try db.execute(sql: "PRAGMA wal_autocheckpoint = \(checkpointPages)") }
        }
    }
}
