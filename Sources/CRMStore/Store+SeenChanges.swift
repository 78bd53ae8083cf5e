// crm — a terminal-first CRM. Licensed under the MIT License.

import GRDB

/// "What changed since I last looked": the newest change that came in by sync, and how far the
/// user has looked, kept on this device.
///
/// Changes pulled from the server are kept in `remote_log` in server order (`seq`); the user's
/// mark is the `seq` up to which they have seen them. `CaseFilter.changedAfter` lists the cases
/// changed after it.
extension Store {
    static let changesSeenKey = "changes_seen_seq"

    /// The sequence of the newest change pulled from the server, 0 before any.
    public func remoteChangeMark() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM remote_log") ?? 0 }
    }

    /// The sequence up to which the user has seen pulled changes, 0 when they never looked.
    public func changesSeen() throws -> Int64 {
        try syncSetting(Self.changesSeenKey).flatMap { Int64($0) } ?? 0
    }

    /// Records that the user has seen the pulled changes up to `seq` (never moves back).
    public func markChangesSeen(upTo seq: Int64) throws {
        guard seq > (try changesSeen()) else { return }
        try setSyncSetting(Self.changesSeenKey, String(seq))
    }
}
