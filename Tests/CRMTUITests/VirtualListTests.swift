// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Synchronization
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// A million contacts computed from their index, with keyset paging by binary search, recording
/// every request so tests can prove the list only ever asks for the rows that scroll in.
final class MillionContacts: Sendable {
    static let count = 1_000_000
    let requests = Mutex<[Int]>([])

    func name(_ index: Int) -> String {
        "Contact " + String(repeating: "0", count: 7 - String(index).count) + String(index)
    }

    func row(_ index: Int) -> ContactRow {
        var generator = SplitMix(seed: UInt64(index))
        return ContactRow(
            id: RecordID.make(millis: 1_700_000_000_000, using: &generator), num: Int64(index), name: name(index),
            email: "c\(index)@example.com")
    }

    /// The index of the first row whose name is greater than the anchor's.
    func index(after key: NameKey) -> Int {
        var low = 0
        var high = Self.count
        while low < high {
            let mid = (low + high) / 2
            if name(mid) <= key.name { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func page(_ request: PageRequest<NameKey>) -> [ContactRow] {
        requests.withLock { $0.append(request.limit) }
        switch request.direction {
        case .forward:
            let start = request.anchor.map(index(after:)) ?? 0
            return (start..<min(Self.count, start + request.limit)).map(row)
        case .backward:
            let end = request.anchor.map { index(after: $0) - 1 } ?? Self.count
            return (max(0, end - request.limit)..<end).map(row)
        }
    }
}

@MainActor
@Suite struct VirtualListTests {
    @Test func scrollsAMillionRowsHoldingOnlyTheVisibleOnes() {
        let source = MillionContacts()
        let list = VirtualList<ContactRow> { source.page($0) }
        list.resize(height: 20)
        for _ in 0..<500 { list.move(by: 1) }
        #expect(list.selected?.name == "Contact 0000500")
        #expect(list.rows.count == 20)
        list.bottom()
        #expect(list.selected?.name == "Contact 0999999")
        for _ in 0..<30 { list.move(by: -1) }
        #expect(list.selected?.name == "Contact 0999969")
        list.move(by: -20)
        #expect(list.selected?.name == "Contact 0999949")
        #expect(list.rows.count == 20)
        let largest = source.requests.withLock { $0.max() ?? 0 }
        #expect(largest <= 20, "no request ever asked for more than a screenful")
    }

    @Test func pageDownAndUpMoveAWholeScreen() {
        let source = MillionContacts()
        let list = VirtualList<ContactRow> { source.page($0) }
        list.resize(height: 10)
        list.move(by: 10)
        #expect(list.selected?.name == "Contact 0000010")
        #expect(list.rows.first?.name == "Contact 0000001")
        list.move(by: -10)
        #expect(list.selected?.name == "Contact 0000000")
    }

    @Test func resizeKeepsTheSelectionVisible() {
        let source = MillionContacts()
        let list = VirtualList<ContactRow> { source.page($0) }
        list.resize(height: 40)
        list.move(by: 35)
        list.resize(height: 10)
        #expect(list.selected?.name == "Contact 0000035")
        #expect(list.rows.count == 10)
        list.resize(height: 40)
        #expect(list.rows.count == 40)
        #expect(list.selected?.name == "Contact 0000035")
    }

    @Test func atTheEndMovingDownStaysOnTheLastRow() {
        let source = MillionContacts()
        let list = VirtualList<ContactRow> { source.page($0) }
        list.resize(height: 5)
        list.bottom()
        list.move(by: 3)
        #expect(list.selected?.name == "Contact 0999999")
        #expect(list.rows.count == 5)
    }

    @Test func contactsScreenScrollsAMillionRowsSmoothly() {
        let million = MillionContacts()
        let source = MillionBackedSource(million: million, rest: InMemoryDataSource(Fixture.model()))
        let app = App(
            context: AppContext(source: source, runner: ImmediateRunner(), clock: { Fixture.now }), start: .contacts)
        let canvas = MemoryCanvas(width: 80, height: 24)
        let keys: [Key] =
            Array(repeating: .char("j"), count: 200) + [.char("G")] + Array(repeating: .ctrl("u"), count: 50)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for key in keys {
                app.handle(key)
                app.drainMailbox()
                app.draw(on: canvas)
            }
        }
        #expect(canvas.lines[2].hasPrefix("Contact 0999"))
        #expect(elapsed < .seconds(5), "253 keystrokes with redraws took \(elapsed)")
    }
}

/// The in-memory source with its contacts replaced by a million generated ones.
final class MillionBackedSource: CRMDataSource {
    let million: MillionContacts
    let rest: InMemoryDataSource

    init(million: MillionContacts, rest: InMemoryDataSource) {
        self.million = million
        self.rest = rest
    }

    func contacts(_ page: PageRequest<NameKey>) throws -> [ContactRow] { million.page(page) }
    func session() throws -> SessionInfo { try rest.session() }
    func setUpUser(name: String, email: String) throws { try rest.setUpUser(name: name, email: email) }
    func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow] { try rest.companies(page) }
    func stages() throws -> [StageSummary] { try rest.stages() }
    func deals(inStage stage: RecordID, _ page: PageRequest<SequenceKey>) throws -> [DealCard] {
        try rest.deals(inStage: stage, page)
    }
    func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws { try rest.moveDeal(deal, toStage: stage) }
    func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws {
        try rest.closeDeal(deal, won: won, reason: reason)
    }
    func cases(_ filter: CaseFilter, now: Int64, _ page: PageRequest<DueKey>) throws -> [CaseRow] {
        try rest.cases(filter, now: now, page)
    }
    func assignCase(_ id: RecordID, to user: RecordID?) throws { try rest.assignCase(id, to: user) }
    func remoteChangeMark() throws -> Int64 { try rest.remoteChangeMark() }
    func markChangesSeen(upTo mark: Int64) throws { try rest.markChangesSeen(upTo: mark) }
    func setCasePriority(_ id: RecordID, _ priority: String) throws { try rest.setCasePriority(id, priority) }
    func setCaseStatus(_ id: RecordID, _ status: String) throws { try rest.setCaseStatus(id, status) }
    func caseRow(_ id: RecordID) throws -> CaseRow? { try rest.caseRow(id) }
    func bulk(_ kind: EntityKind, _ ids: [RecordID], _ change: BulkChange) throws -> Int {
        try rest.bulk(kind, ids, change)
    }
    func teammates() throws -> [String] { try rest.teammates() }
    func agenda(now: Int64, endOfDay: Int64, limit: Int) throws -> Agenda {
        try rest.agenda(now: now, endOfDay: endOfDay, limit: limit)
    }
    func markTaskDone(_ id: RecordID) throws { try rest.markTaskDone(id) }
    func search(_ query: String, limit: Int) throws -> [SearchHit] { try rest.search(query, limit: limit) }
    func detail(_ ref: RecordRef) throws -> RecordDetail { try rest.detail(ref) }
    func addNote(to ref: RecordRef, text: String) throws { try rest.addNote(to: ref, text: text) }
    func update(_ ref: RecordRef, fields: [String: String]) throws { try rest.update(ref, fields: fields) }
    func delete(_ ref: RecordRef) throws { try rest.delete(ref) }
    func undoLast() throws -> String { try rest.undoLast() }
    func recentlyDeleted(limit: Int) throws -> [DeletedRecord] { try rest.recentlyDeleted(limit: limit) }
    func restore(_ ref: RecordRef) throws -> [String] { try rest.restore(ref) }
    func lookup(_ kind: EntityKind, handle: String) throws -> (id: RecordID, title: String) {
        try rest.lookup(kind, handle: handle)
    }
    func merge(_ kind: EntityKind, duplicate: RecordID, into keep: RecordID) throws {
        try rest.merge(kind, duplicate: duplicate, into: keep)
    }
    func people(matching text: String, limit: Int) throws -> [String] {
        try rest.people(matching: text, limit: limit)
    }
    func create(_ kind: EntityKind, fields: [String: String]) throws -> RecordID {
        try rest.create(kind, fields: fields)
    }
    func dashboard(now: Int64) throws -> DashboardSummary { try rest.dashboard(now: now) }
    func notifications(now: Int64, limit: Int) throws -> [NotificationItem] {
        try rest.notifications(now: now, limit: limit)
    }
    func markNotifications(_ ids: [String], dismissed: Bool) throws {
        try rest.markNotifications(ids, dismissed: dismissed)
    }
    func snoozeNotifications(_ ids: [String], until: Int64) throws {
        try rest.snoozeNotifications(ids, until: until)
    }
}
