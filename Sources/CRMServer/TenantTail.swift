// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// The newest rows of each tenant's log, kept in memory, so that a pull of what the team has just
/// pushed reads no row of `changes`.
///
/// In a team of twenty devices every change is pulled by about twenty of them, each time read
/// from the log, its strings allocated and freed again. The tail holds, per tenant, one run of
/// consecutive seqs `(from, to]`: a tenant's seqs are dense (`PushPlanner` numbers every row
/// `last_seq + 1`, and the server never deletes or rewrites a row), so a run of rows is the whole
/// log between its ends, and any true rows may join it however they arrive. A row changed behind
/// the server's back (an operator's repair in SQL) raises the tenant's log revision (a trigger,
/// `SQLiteLogStore.logRevisionSchema`), which every record and scan names: a run of an older
/// revision is never answered from and gives way to rows of the newer one. The PostgreSQL store
/// records a push's rows once its transaction committed. The SQLite store records them on its
/// writer's thread just before the group's COMMIT, so that no pull finds its tenant's head past
/// the tail's end, and forgets the tenant's run if that COMMIT fails, on the writer's thread right
/// after the ROLLBACK: a scan never goes past its snapshot's `last_seq`, so rows not yet committed
/// are never answered, and no later row of this server takes their seqs while they are held (only
/// another process committing rows of that tenant within those microseconds could). Both record a
/// page read from the log. A pull asks `scan` with the tenant's `last_seq` of its own read
/// snapshot and gets exactly what the log's read would give in that snapshot, or nil when the tail
/// does not hold all of it (a device far behind, a write recorded late, a write by another
/// process), and then reads the log. So the tail can be late or cold but never wrong.
///
/// Bounded: at most `rowsPerTenant` rows a tenant (the oldest go first) and `rowBudget` rows in
/// all, the tenants touched longest ago dropped first.
public final class TenantTail: Sendable {
    /// One tenant's run of rows: `rows[i].seq == from + 1 + i`.
    struct Run {
        var from: Int64
        var rows: [StoredChange]
        /// The tenant's log revision the rows were read or written at.
        var revision: Int64
        var touched: UInt64

        var to: Int64 { from + Int64(rows.count) }
    }

    private struct State {
        var runs: [String: Run] = [:]
        var rowCount = 0
        var tick: UInt64 = 0
    }

    let rowsPerTenant: Int
    let rowBudget: Int
    private let state = Mutex(State())
    /// Reads answered from the tail (`hits`) and reads that had to go to the log (`misses`),
    /// served at `GET /metrics` as `crm_pull_tail_reads_total`.
    private let hitCount = Atomic<Int>(0)
    private let missCount = Atomic<Int>(0)

    /// Rows in all when the server's operator does not say (`crm-server serve --pull-cache-rows`).
    public static let defaultRowBudget = 262_144

    /// A tail of at most `rowBudget` rows in all (0: none, every pull reads the log).
    ///
    /// 128 rows a tenant (kept between 128 and 160) are the last 17–22 s of a busy team of twenty
    /// in the load bench, where a device syncing every 10 s is at most one interval behind: once
    /// every device had pulled once, 99.9 % of the pulls were answered from the tail, against half
    /// with 64 rows (Docs/BENCHMARKS.md, 2026-12-05).
    init(rowsPerTenant: Int = 128, rowBudget: Int = TenantTail.defaultRowBudget) {
        self.rowsPerTenant = max(1, rowsPerTenant)
        self.rowBudget = max(0, rowBudget)
    }

    /// Rows of `tenantID`'s log known to be committed, in seq order and consecutive; anything
    /// else is ignored (the tail then stays as it was).
    func record(_ rows: [StoredChange], tenantID: String, revision: Int64) {
        guard rowBudget > 0, let first = rows.first, Self.consecutive(rows) else { return }
        let incoming = Run(from: first.seq - 1, rows: rows, revision: revision, touched: 0)
        state.withLock { state in
            state.tick &+= 1
            // Moved out of the dictionary, the run's rows are uniquely referenced and grow in place.
            var run = incoming
            var before = 0
            if var held = state.runs.removeValue(forKey: tenantID) {
                before = held.rows.count
                Self.merge(incoming, into: &held)
                run = held
            }
            // Trimmed a quarter at a time, so that the rows are not shifted on every push.
            if run.rows.count > rowsPerTenant + rowsPerTenant / 4 {
                let drop = run.rows.count - rowsPerTenant
                run.rows.removeFirst(drop)
                run.from += Int64(drop)
            }
            run.touched = state.tick
            state.rowCount += run.rows.count - before
            state.runs[tenantID] = run
            if state.rowCount > rowBudget { Self.evict(&state, downTo: rowBudget - rowBudget / 8) }
        }
    }

    /// Drops every row held for `tenantID`: rows recorded before a COMMIT that then failed.
    func forget(tenantID: String) {
        state.withLock { state in
            if let run = state.runs.removeValue(forKey: tenantID) { state.rowCount -= run.rows.count }
        }
    }

    /// The rows a pull reads in a snapshot whose `last_seq` for the tenant is `lastSeq`: the first
    /// `limit` after `after`, then on to the end of the last one's local transaction (as
    /// `SQLiteLogStore.pull(in:_:)` reads them), none past `lastSeq`; nil when the tail does not
    /// hold every one of them.
    func scan(tenantID: String, after: Int64, limit: Int, through lastSeq: Int64, revision: Int64)
        -> ArraySlice<StoredChange>?
    {
        guard limit > 0, after <= lastSeq else { return nil }
        let held: (from: Int64, rows: [StoredChange])? = state.withLock { state in
            guard let run = state.runs[tenantID], run.revision == revision, run.from <= after, run.to >= lastSeq
            else { return nil }
            state.tick &+= 1
            state.runs[tenantID]?.touched = state.tick
            return (run.from, run.rows)
        }
        // The rows are an immutable copy-on-write value here, sliced outside the lock.
        guard let held else {
            missCount.add(1, ordering: .relaxed)
            return nil
        }
        hitCount.add(1, ordering: .relaxed)
        let start = Int(after - held.from)
        let end = Int(lastSeq - held.from)
        var stop = min(start + limit, end)
        if stop - start == limit, let last = held.rows[..<stop].last {
            while stop < end, held.rows[stop].deviceID == last.deviceID, held.rows[stop].txID == last.txID {
                stop += 1
            }
        }
        return held.rows[start..<stop]
    }

    /// Every row held after `after` for `tenantID`, and the revision they were read or written at;
    /// nil when the tenant's run does not reach back to `after`.
    ///
    /// For a store that cannot read its tenant's `last_seq` before it reads the page (PostgreSQL
    /// reads both in one statement, `PostgresLogStore`): it reads only the rows past these.
    func suffix(tenantID: String, after: Int64) -> (rows: ArraySlice<StoredChange>, revision: Int64)? {
        let held: (from: Int64, rows: [StoredChange], revision: Int64)? = state.withLock { state in
            guard let run = state.runs[tenantID], run.from <= after, run.to >= after else { return nil }
            state.tick &+= 1
            state.runs[tenantID]?.touched = state.tick
            return (run.from, run.rows, run.revision)
        }
        guard let held else {
            missCount.add(1, ordering: .relaxed)
            return nil
        }
        hitCount.add(1, ordering: .relaxed)
        return (held.rows[Int(after - held.from)...], held.revision)
    }

    /// How many reads the tail answered and how many it sent to the log, since the server started.
    var reads: (hits: Int, misses: Int) { (hitCount.load(ordering: .relaxed), missCount.load(ordering: .relaxed)) }

    /// How many rows are held in all (for tests and the bench's memory figure).
    var rowCount: Int { state.withLock { $0.rowCount } }

    /// `incoming` joined to `run` when the two are of one revision and touch or overlap, else the
    /// newer of the two: the later revision, or the later rows.
    static func merge(_ incoming: Run, into run: inout Run) {
        if incoming.revision != run.revision {
            if incoming.revision > run.revision { run = incoming }
        } else if incoming.from >= run.from, incoming.from <= run.to {
            // The usual case: the next rows, appended in place.
            if incoming.to > run.to { run.rows.append(contentsOf: incoming.rows[Int(run.to - incoming.from)...]) }
        } else if incoming.from < run.from, incoming.to >= run.from {
            // Rows before the run (a group's callers resumed out of order, or an older page read).
            var joined = incoming
            if run.to > incoming.to { joined.rows.append(contentsOf: run.rows[Int(incoming.to - run.from)...]) }
            run = joined
        } else if incoming.to > run.to {
            run = incoming
        }
    }

    static func consecutive(_ rows: [StoredChange]) -> Bool {
        guard let first = rows.first else { return false }
        for (offset, row) in rows.enumerated() where row.seq != first.seq + Int64(offset) { return false }
        return true
    }

    /// Drops the runs touched longest ago until at most `target` rows are held.
    private static func evict(_ state: inout State, downTo target: Int) {
        for (tenant, run) in state.runs.sorted(by: { $0.value.touched < $1.value.touched }) {
            guard state.rowCount > target else { return }
            state.runs[tenant] = nil
            state.rowCount -= run.rows.count
        }
    }
}
