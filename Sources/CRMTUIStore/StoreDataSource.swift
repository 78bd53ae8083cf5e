// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation
import GRDB

/// The TUI's data source over the local store: the one place where screens meet CRMStore.
///
/// Reads use the store's snapshot readers and its keyset indexes: lists page on
/// `(name_key, num)`, the board on `(stage_id, num)` and the queue on `(sla_due, num)`, in both
/// directions, so scrolling costs one index seek at any depth. Writes go through the store's
/// single write path (change log included). Thread-safe: the store is `Sendable`, so search and
/// the dashboard run on a background queue.
///
/// ```swift
/// let source = StoreDataSource(store: try CRMStore.open(path: path))
/// let exit = try TUI.run(source: source)
/// ```
public final class StoreDataSource: CRMDataSource {
    public let store: CRMStore

    public init(store: CRMStore) {
        self.store = store
    }

    public func session() throws -> SessionInfo {
        let user = try store.currentUser()
        return SessionInfo(
            userID: user?.id, userName: user?.name ?? "no user (crm init --user NAME)", database: store.path,
            syncState: try syncState())
    }

    /// "offline", "offline · pending 3" or "synced 14:05 · pending 1 · 2 refused": what the status
    /// line shows.
    ///
    /// Offline means not linked to a server, or the last sync failed; pending counts local
    /// changes not yet acknowledged by the server; refused counts changes the server refused
    /// that the user has not discarded yet (`crm sync refused`).
    func syncState() throws -> String {
        let pending = try store.pendingCount()
        let lastSync = try store.syncSetting("last_sync").flatMap { Int64($0) }
        let failed = try store.syncSetting("last_error") != nil
        var state = "offline"
        if try store.syncSetting("server") != nil, !failed, let lastSync {
            let local = Int(lastSync / 1000) + TimeZone.current.secondsFromGMT()
            let clock = CivilTime(unixSeconds: local)
            state = String(format: "synced %02d:%02d", clock.hour, clock.minute)
        }
        if pending > 0 { state += " · pending \(pending)" }
        let refused = try store.refusalCount()
        return refused == 0 ? state : "\(state) · \(refused) refused"
    }

    public func contacts(_ page: PageRequest<NameKey>) throws -> [ContactRow] {
        let select = """
            SELECT c.id, c.num, c.name, c.email, c.phone, c.title, co.name AS company_name
            FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
            """
        return try store.read { db in
            try Keyset.fetch(
                db, select: select, conditions: ["c.deleted = 0"], keys: ("c.name_key", "c.num"),
                page: Keyset.folded(page)
            )
            .compactMap { row in
                guard let id = RecordID(row["id"] as String) else { return nil }
                return ContactRow(
                    id: id, num: row["num"], name: row["name"], email: row["email"] ?? "", phone: row["phone"] ?? "",
                    company: row["company_name"] ?? "", title: row["title"] ?? "")
            }
        }
    }

    public func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow] {
        try store.read { db in
            try Keyset.fetch(
                db, select: "SELECT id, num, name, domain, industry, phone FROM companies", conditions: ["deleted = 0"],
                keys: ("name_key", "num"), page: Keyset.folded(page)
            ).compactMap { row in
                guard let id = RecordID(row["id"] as String) else { return nil }
                return CompanyRow(
                    id: id, num: row["num"], name: row["name"], domain: row["domain"] ?? "",
                    industry: row["industry"] ?? "",
                    phone: row["phone"] ?? "")
            }
        }
    }
}

extension Keyset {
    /// A name-ordered request with its anchor as the store's folded sort key and local number.
    static func folded(_ page: PageRequest<NameKey>) -> PageRequest<Anchor> {
        PageRequest<Anchor>(
            anchor: page.anchor.map { Anchor(first: TextKey.fold($0.name).databaseValue, num: $0.num) },
            direction: page.direction, limit: page.limit)
    }
}
