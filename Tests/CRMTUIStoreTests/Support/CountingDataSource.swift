// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Synchronization

/// A data source that passes every call to another one and records it: which method, and the
/// page size of a contact page.
///
/// Lets a test state what a keystroke costs in reads, which does not depend on the machine's
/// speed or load, instead of timing it.
final class CountingDataSource: CRMDataSource {
    /// One call: the method's name and, for paged lists, the rows asked for.
    struct Call: Equatable, Sendable {
        var method: String
        var limit: Int?
    }

    private let base: any CRMDataSource
    private let log = Mutex<[Call]>([])

    init(_ base: any CRMDataSource) {
        self.base = base
    }

    /// Returns the calls made since the last `take`, and forgets them.
    func take() -> [Call] {
        log.withLock { calls in
            defer { calls = [] }; return calls
        }
    }

    private func note(_ method: String, limit: Int? = nil) {
        log.withLock { $0.append(Call(method: method, limit: limit)) }
    }

    func session() throws -> SessionInfo {
        note("session")
        return try base.session()
    }

    func setUpUser(name: String, email: String) throws {
        note("setUpUser")
        try base.setUpUser(name: name, email: email)
    }
    func contacts(_ page: PageRequest<NameKey>) throws -> [ContactRow] {
        note("contacts", limit: page.limit)
        return try base.contacts(page)
    }
    func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow] {
        note("companies", limit: page.limit)
        return try base.companies(page)
    }
    func stages() throws -> [StageSummary] {
        note("stages")
        return try base.stages()
    }
    func deals(inStage stage: RecordID, _ page: PageRequest<SequenceKey>) throws -> [DealCard] {
        note("deals", limit: page.limit)
        return try base.deals(inStage: stage, page)
    }
    func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws {
        note("moveDeal")
        try base.moveDeal(deal, toStage: stage)
    }
    func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws {
        note("closeDeal")
        try base.closeDeal(deal, won: won, reason: reason)
    }
    func cases(_ filter: CaseFilter, now: Int64, _ page: PageRequest<DueKey>) throws -> [CaseRow] {
        note("cases", limit: page.limit)
        return try base.cases(filter, now: now, page)
    }
    func remoteChangeMark() throws -> Int64 {
        note("remoteChangeMark")
        return try base.remoteChangeMark()
    }
    func markChangesSeen(upTo mark: Int64) throws {
        note("markChangesSeen")
        try base.markChangesSeen(upTo: mark)
    }
    func assignCase(_ id: RecordID, to user: RecordID?) throws {
        note("assignCase")
        try base.assignCase(id, to: user)
    }
    func setCasePriority(_ id: RecordID, _ priority: String) throws {
        note("setCasePriority")
        try base.setCasePriority(id, priority)
    }
    func setCaseStatus(_ id: RecordID, _ status: String) throws {
        note("setCaseStatus")
        try base.setCaseStatus(id, status)
    }
    func caseRow(_ id: RecordID) throws -> CaseRow? {
        note("caseRow")
        return try base.caseRow(id)
    }
    func bulk(_ kind: EntityKind, _ ids: [RecordID], _ change: BulkChange) throws -> Int {
        note("bulk", limit: ids.count)
        return try base.bulk(kind, ids, change)
    }
    func teammates() throws -> [String] {
        note("teammates")
        return try base.teammates()
    }
    func agenda(now: Int64, endOfDay: Int64, limit: Int) throws -> Agenda {
        note("agenda", limit: limit)
        return try base.agenda(now: now, endOfDay: endOfDay, limit: limit)
    }
    func markTaskDone(_ id: RecordID) throws {
        note("markTaskDone")
        try base.markTaskDone(id)
    }
    func search(_ query: String, limit: Int) throws -> [SearchHit] {
        note("search", limit: limit)
        return try base.search(query, limit: limit)
    }
    func detail(_ ref: RecordRef) throws -> RecordDetail {
        note("detail")
        return try base.detail(ref)
    }
    func addNote(to ref: RecordRef, text: String) throws {
        note("addNote")
        try base.addNote(to: ref, text: text)
    }
    func update(_ ref: RecordRef, fields: [String: String]) throws {
        note("update")
        try base.update(ref, fields: fields)
    }
    func delete(_ ref: RecordRef) throws {
        note("delete")
        try base.delete(ref)
    }
    func lookup(_ kind: EntityKind, handle: String) throws -> (id: RecordID, title: String) {
        note("lookup")
        return try base.lookup(kind, handle: handle)
    }
    func merge(_ kind: EntityKind, duplicate: RecordID, into keep: RecordID) throws {
        note("merge")
        try base.merge(kind, duplicate: duplicate, into: keep)
    }
    func undoLast() throws -> String {
        note("undoLast")
        return try base.undoLast()
    }
    func recentlyDeleted(limit: Int) throws -> [DeletedRecord] {
        note("recentlyDeleted")
        return try base.recentlyDeleted(limit: limit)
    }
    func restore(_ ref: RecordRef) throws -> [String] {
        note("restore")
        return try base.restore(ref)
    }
    func people(matching text: String, limit: Int) throws -> [String] {
        note("people")
        return try base.people(matching: text, limit: limit)
    }
    func create(_ kind: EntityKind, fields: [String: String]) throws -> RecordID {
        note("create")
        return try base.create(kind, fields: fields)
    }
    func dashboard(now: Int64) throws -> DashboardSummary {
        note("dashboard")
        return try base.dashboard(now: now)
    }
    func notifications(now: Int64, limit: Int) throws -> [NotificationItem] {
        note("notifications", limit: limit)
        return try base.notifications(now: now, limit: limit)
    }
    func markNotifications(_ ids: [String], dismissed: Bool) throws {
        note("markNotifications")
        try base.markNotifications(ids, dismissed: dismissed)
    }
    func snoozeNotifications(_ ids: [String], until: Int64) throws {
        note("snoozeNotifications")
        try base.snoozeNotifications(ids, until: until)
    }
}
