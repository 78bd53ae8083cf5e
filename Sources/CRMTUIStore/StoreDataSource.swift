// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import CRMTUI
import Foundation
import Synchronization

/// The TUI's data source over the local store: the one place where screens meet CRMStore.
///
/// Reads use the store's snapshot readers and its keyset indexes: lists page on
/// `(name_key, num)`, the board on `(stage_id, num)` and the queue on `(sla_due, num)`, in both
/// directions, so scrolling costs one index seek at any depth. Writes go through the store's
/// single write path (change log included). Thread-safe: the store is `Sendable`, so search and
/// the dashboard run on a background queue.
///
/// ```swift
/// let source = StoreDataSource(store: try Store.open(path: path))
/// let exit = try TUI.run(source: source)
/// ```
public final class StoreDataSource: CRMDataSource {
    public let store: Store
    /// The figures the dashboard draws: `crm report`'s own functions, recomputed on the
    /// engine's Dispatch workers when this process writes (and, polled, when another does).
    let analytics: AnalyticsEngine
    private let analyticsStarted = Mutex(false)

    public init(store: Store) {
        self.store = store
        analytics = AnalyticsEngine(store: store)
    }

    deinit { analytics.stop() }

    /// The newest analytics snapshot with every change so far, starting the engine on first use.
    ///
    /// Waits for the run in flight (the first one, or the one an edit just started); computes
    /// on this thread only if the engine has failed or is slower than `timeout`.
    func snapshot(now: Int64, timeout: DispatchTimeInterval = .seconds(5)) throws -> AnalyticsSnapshot {
        let start = analyticsStarted.withLock { started in
            defer { started = true }
            return !started
        }
        if start { analytics.start() }
        if let fresh = analytics.fresh(timeout: timeout) { return fresh }
        guard let computed = try Analytics.compute(store, AnalyticsRequest(now: now)) else {
            throw AnalyticsError.stopped
        }
        return computed
    }

    public func session() throws -> SessionInfo {
        let user = try store.currentUser()
        return SessionInfo(
            userID: user?.id, userName: user?.name ?? "no user (crm init --user NAME)", database: store.path,
            syncState: try syncState())
    }

    public func setUpUser(name: String, email: String) throws {
        _ = try Self.mapDomainErrors {
            try store.setUpCurrentUser(Self.values(.user, ["name": name, "email": email].filter { !$0.value.isEmpty }))
        }
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
        try store.contacts(after: Self.cursor(page), limit: page.limit, direction: Self.direction(page)).map { item in
            ContactRow(
                id: item.id, num: item.num, name: item.name, email: item.email ?? "", phone: item.phone ?? "",
                company: item.companyName ?? "", title: item.title ?? "")
        }
    }

    public func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow] {
        try store.companies(after: Self.cursor(page), limit: page.limit, direction: Self.direction(page)).map {
            item in
            CompanyRow(
                id: item.id, num: item.num, name: item.name, domain: item.domain ?? "", industry: item.industry ?? "",
                phone: item.phone ?? "")
        }
    }

    /// A name-ordered request's anchor as the store's keyset cursor (folded sort key, number).
    static func cursor(_ page: PageRequest<NameKey>) -> ListCursor? {
        page.anchor.map { ListCursor(key: TextKey.fold($0.name), num: $0.num) }
    }

    static func direction<Key>(_ page: PageRequest<Key>) -> ListDirection {
        page.direction == .forward ? .forward : .backward
    }
}
