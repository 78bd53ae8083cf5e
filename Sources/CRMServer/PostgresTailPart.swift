// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// The part of a PostgreSQL pull an instance answers from its own tail (`TenantTail`): the rows
/// it holds past the cursor, so that the pull's statement reads only the rows past those.
///
/// In a team of twenty every change is pulled by about twenty devices. Read from the log each
/// time, PostgreSQL found, aggregated and sent the same rows again and the instance decoded them
/// again; with the tail each instance reads a row about once (Docs/BENCHMARKS.md, 2026-12-06).
///
/// The statement learns the tenant and its `last_seq` in the same snapshot as the page, so the
/// instance cannot ask the tail for exactly the snapshot's rows first, as SQLite's store does
/// (`TenantTail.scan`). It passes the held rows' end and revision instead, and the statement
/// reads past that end only when the tenant's log revision is still the held rows' (no row was
/// changed behind the server's back; `PostgresLogStore.logRevisionSchema`), and from the cursor
/// otherwise. Held rows are committed rows of the log, so the snapshot ends at or after them:
/// seqs of a tenant commit in order (its row is locked by every write until it commits).
///
/// The part names the held rows by count, not by holding them: a pull that held the run's array
/// across its statement's round trip made every record of rows meanwhile copy the whole run (the
/// array was no longer uniquely referenced), so the rows are taken again once the statement answered
/// (`PostgresLogStore.page`).
struct PostgresTailPart: Sendable {
    var tenantID: String
    /// How many rows after the cursor are held.
    var heldCount: Int
    var revision: Int64
    /// Where the statement reads from: the last held row's seq.
    var readsAfter: Int64
    /// How many rows the statement reads at most: the page's limit less the held rows.
    var readLimit: Int64

    /// The part held for a page of `limit` rows after `after`; nil when the tail does not reach
    /// back to `after`, holds no row past it, or holds a page's worth (a device far behind,
    /// whose page then ends within the held rows and may need its tx group's end read).
    init?(tail: TenantTail, tenantID: String, after: Int64, limit: Int) {
        guard let held = tail.suffix(tenantID: tenantID, after: after), let last = held.rows.last,
            held.rows.count < limit
        else { return nil }
        self.tenantID = tenantID
        heldCount = held.rows.count
        revision = held.revision
        readsAfter = last.seq
        readLimit = Int64(limit - held.rows.count)
    }

    /// Whether the statement read past the held rows: the tenant is the part's and its revision
    /// was the part's in the statement's snapshot (the condition `sql` puts to PostgreSQL).
    func used(tenantID: String, revision: Int64) -> Bool {
        tenantID == self.tenantID && revision == self.revision
    }

    /// The condition, cursor and limit of a pull statement whose bindings hold, from `first` on,
    /// `tenantID`, `revision`, `readsAfter` and `readLimit` (`append(_:to:)`), and whose
    /// tenant's id is `tenant` and row `t`: the statement reads `seq > after LIMIT lim`.
    ///
    /// `cursor` and `limit` are the placeholders of the request's own cursor and limit.
    static func sql(tenant: String, first: Int, cursor: String, limit: String) -> String {
        let used = "\(tenant) = $\(first)::text AND t.log_revision = $\(first + 1)::bigint"
        return """
            CROSS JOIN LATERAL (SELECT
                CASE WHEN \(used) THEN $\(first + 2)::bigint ELSE \(cursor)::bigint END AS after,
                CASE WHEN \(used) THEN $\(first + 3)::bigint ELSE \(limit)::bigint END AS lim) k
            """
    }

    /// The four bindings `sql` reads; without a part, ones that never match (no tenant's id is
    /// empty), with the request's own cursor and limit.
    static func append(_ part: PostgresTailPart?, after: Int64, limit: Int64, to bindings: inout PostgresBindings) {
        bindings.append(part?.tenantID ?? "")
        bindings.append(part?.revision ?? -1)
        bindings.append(part?.readsAfter ?? after)
        bindings.append(part?.readLimit ?? limit)
    }
}
