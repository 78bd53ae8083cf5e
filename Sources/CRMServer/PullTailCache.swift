// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// The newest rows of each tenant's log, kept as pulls read them, so that the other devices of a
/// team pulling the same changes take them from memory instead of reading and decoding them again.
///
/// A team's devices all pull what one of them pushed: at 20 devices a tenant, each stored change
/// was read, decoded into a `StoredChange` (nine strings) and freed 19 times. Holding the rows is correct
/// without any invalidation because a log row never changes once committed: the log is
/// append-only, a tenant's seqs are dense (`PushPlanner` gives each append the next one) and
/// nothing deletes from it. So a row is only ever remembered after a read of the database returned
/// it, and a pull serves rows from here only up to the head its own read transaction saw. The
/// tenant's epoch is part of the key: a tenant made anew under the same id starts a new log.
///
/// Memory is bounded: at most `rowsPerTenant` rows for each of at most `tenantLimit` tenants (past
/// that, the cache starts again empty; a miss costs one read of the database, as without it).
final class PullTailCache: Sendable {
    /// The rows kept for one tenant: `rows[i].seq == firstSeq + i`.
    struct Tail {
        var epoch: String
        var rows: [StoredChange]
        var firstSeq: Int64 { rows.first?.seq ?? 0 }
        var lastSeq: Int64 { rows.last?.seq ?? 0 }
    }

    let rowsPerTenant: Int
    let tenantLimit: Int
    private let tails = Mutex<[String: Tail]>([:])
    /// Rows served from here and rows read from the log (remembered or not), since the start: what
    /// the cache saves (tests and benchmarks read them).
    let served = Atomic<Int>(0)
    let readFromLog = Atomic<Int>(0)

    /// 256 rows cover what a team of 20 pushes in well over a minute at a few edits a device
    /// every 10 s; 4,096 tenants of them are about 600 MB at worst, far less with small values.
    init(rowsPerTenant: Int = 256, tenantLimit: Int = 4096) {
        self.rowsPerTenant = rowsPerTenant
        self.tenantLimit = tenantLimit
    }

    /// The rows held from seq `after + 1` on, up to `through`: all of them, a first part (the
    /// newest rows were committed since a pull last read them), or none.
    ///
    /// A team's pulls and pushes interleave, so the rows after a device's cursor are mostly held
    /// and the last push's few are not yet; the caller reads only those from the log.
    func prefix(tenantID: String, epoch: String, after: Int64, through last: Int64) -> [StoredChange] {
        guard last > after else { return [] }
        return tails.withLock { tails -> [StoredChange] in
            guard let tail = tails[tenantID], tail.epoch == epoch, !tail.rows.isEmpty,
                tail.firstSeq <= after + 1, tail.lastSeq > after
            else { return [] }
            let start = Int(after + 1 - tail.firstSeq)
            let end = Int(min(last, tail.lastSeq) - tail.firstSeq)
            served.add(end - start + 1, ordering: .relaxed)
            return Array(tail.rows[start...end])
        }
    }

    /// Keeps `read`, rows a read of the database returned in seq order, where they extend what is
    /// held for the tenant; older rows (a new device reading the log from its start) are left out.
    func remember(tenantID: String, epoch: String, read: [StoredChange]) {
        // Dense seqs are what the indexing in `rows` stands on: a read with a gap is not kept.
        guard let newest = read.last, newest.seq - read[0].seq + 1 == Int64(read.count) else { return }
        readFromLog.add(read.count, ordering: .relaxed)
        tails.withLock { tails in
            guard var tail = tails[tenantID], tail.epoch == epoch, !tail.rows.isEmpty else {
                if tails.count >= tenantLimit { tails.removeAll(keepingCapacity: true) }
                tails[tenantID] = Tail(epoch: epoch, rows: Array(read.suffix(rowsPerTenant)))
                return
            }
            let held = tail.lastSeq
            guard newest.seq > held else { return }
            tails[tenantID] = nil  // unique, so the append below does not copy the array
            if read[0].seq <= held + 1 {
                tail.rows.append(contentsOf: read[Int(held + 1 - read[0].seq)...])
                if tail.rows.count > rowsPerTenant { tail.rows.removeFirst(tail.rows.count - rowsPerTenant) }
            } else {
                tail.rows = Array(read.suffix(rowsPerTenant))
            }
            tails[tenantID] = tail
        }
    }
}
