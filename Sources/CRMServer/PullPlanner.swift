// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync

/// The decisions of a pull, without I/O, shared by both stores: which rows to read past the
/// page's limit, which rows the device may see, and the page they make.
///
/// A store reads the tenant's head and pages of the log; everything else is here, so SQLite and
/// PostgreSQL cannot page or filter differently.
enum PullPlanner {
    /// The `changes` columns a stored change is read from, in the order the stores decode them.
    static let changeColumns = """
        seq, change_id, device_id, device_seq, tx_id, hlc_wire, base_hlc, entity, entity_id, op, field, value, user_id,
        scope
        """

    /// The rows read after the first page so that a local transaction is never split across
    /// pages: how many the further read number `reads` (from 0) asks for.
    ///
    /// 16 first, doubling up to 512: most groups end within a few rows of a full page, and a
    /// fixed 500 made every full page read half a page more than it sent (50 % more rows decoded
    /// per full pull, found by the log-size bench; Docs/SERVER.md), while a long group (a bulk
    /// import's transaction) still takes few reads.
    static func groupReadSize(after reads: Int) -> Int { 16 << min(reads, 5) }

    /// Refuses a cursor past the tenant's last seq (the server was restored: SYNC.md 3.11).
    static func check(_ query: PullQuery, head: TenantHead) throws {
        guard query.after <= head.lastSeq else {
            throw StoreError.cursorAhead(after: query.after, lastSeq: head.lastSeq, epoch: head.epoch)
        }
    }

    /// Where to read on from after the first page, or nil when it did not fill up.
    static func continuation(of rows: [StoredChange], limit: Int) -> Int64? {
        filledUp(rows.count, limit: limit) ? rows.last?.seq : nil
    }

    /// Whether a first page of `count` rows filled up, and so may end inside a tx group.
    static func filledUp(_ count: Int, limit: Int) -> Bool { count >= limit }

    /// Appends the rows of `more` that belong to the tx group of `rows`' last row; returns where
    /// to read on from, or nil once the group ended (or the log did).
    static func extend(_ rows: inout [StoredChange], with more: [StoredChange]) -> Int64? {
        guard let last = rows.last else { return nil }
        let sameGroup = more.prefix { $0.deviceID == last.deviceID && $0.txID == last.txID }
        rows.append(contentsOf: sameGroup)
        guard sameGroup.count == more.count else { return nil }
        return more.last?.seq
    }

    /// The page: the rows the device may see, and where its next pull starts.
    ///
    /// A slice, so that a page scanned from the tail (`TenantTail.scan`, a slice of its run) is
    /// copied once, into the answer, not first into an array of its own; the rows the device may
    /// not see are named by offset (`PullPage.hidden`).
    static func page(_ scanned: ArraySlice<StoredChange>, head: TenantHead, query: PullQuery) -> PullPage {
        let nextAfter = scanned.last?.seq ?? query.after
        var hidden: [Int] = []
        let reader = Reader(query)
        scanned.withUnsafeBufferPointer { rows in
            for offset in rows.indices where !reader.sees(rows[offset]) { hidden.append(offset) }
        }
        return PullPage(
            epoch: head.epoch, read: scanned, hidden: hidden, nextAfter: nextAfter, hasMore: nextAfter < head.lastSeq,
            minRetainedSeq: head.minRetainedSeq, teamVersion: head.teamVersion)
    }

    /// The page of rows read into an array of their own.
    static func page(_ read: [StoredChange], head: TenantHead, query: PullQuery) -> PullPage {
        page(read[...], head: head, query: query)
    }

    /// The device a page is for, and what it may see of each row: the role filter by entity
    /// kind, a notification mark to its own user's devices only (`MarkOwnership`), and
    /// `exclude_own` (but a device always gets its own conflicts).
    ///
    /// `exclude_own` compares each row's device with the reader's: first by the hash each
    /// change keeps (`StoredChange.deviceHash`), so that a row of another device, nearly every
    /// row, is told apart without reading its device id's bytes: the filter was 2.9 % of a loaded
    /// server's samples with a `String` comparison of the ids on every row, 1.3 % with the hashes
    /// (Docs/BENCHMARKS.md, 2026-12-06, fifteenth session).
    struct Reader {
        let query: PullQuery
        /// The hash of the reader's device id, when its own rows are left out.
        ///
        /// Equal hashes are confirmed by the ids themselves: two ids may share one.
        let ownDevice: Int?

        init(_ query: PullQuery) {
            self.query = query
            ownDevice = query.excludeOwn ? StoredChange.deviceHash(query.deviceID) : nil
        }

        func sees(_ change: StoredChange) -> Bool {
            guard let kind = change.kind, RoleRules.sees(query.role, kind: kind, scope: change.scope) else {
                return false
            }
            guard MarkOwnership.reaches(kind, writer: change.userID, reader: query.userID) else { return false }
            if let ownDevice, change.deviceHash == ownDevice, change.deviceID == query.deviceID, change.op != .conflict
            {
                return false
            }
            return true
        }
    }
}

/// A tenant's row as a pull reads it: where its log ends, and what every answer carries.
struct TenantHead: Hashable, Sendable {
    var lastSeq: Int64
    var epoch: String
    var minRetainedSeq: Int64
    var teamVersion: Int64
}
