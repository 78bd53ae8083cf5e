// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation
import GRDB
import Testing

@testable import CRMTUIStore

/// A temp-file store with a signed-in user, a few companies, contacts, deals, cases and tasks.
struct StoreFixture {
    static let now = Int64(CivilTime(year: 2026, month: 11, day: 25, hour: 9).unixSeconds) * 1000
    let folder: TemporaryFolder
    let store: Store
    let source: StoreDataSource
    let me: RecordID

    init(contacts: Int = 0) throws {
        folder = try TemporaryFolder("crm-tui")
        store = try Store.open(path: folder.path("crm.sqlite"), now: { StoreFixture.now })
        me = try store.create(.user, ["name": .text("ada"), "role": .text("manager")])
        try store.setCurrentUser(me)
        source = StoreDataSource(store: store)
        try store.write { recorder in
            for index in 0..<contacts {
                try recorder.create(.contact, id: .make(), ["name": .text(String(format: "Person %05d", index))])
            }
        }
    }

    @discardableResult
    func contact(_ name: String, email: String? = nil, company: String? = nil) throws -> RecordID {
        let id = RecordID.make()
        try store.write { recorder in
            var fields: [String: FieldValue] = ["name": .text(name)]
            if let email { fields["email"] = .text(email) }
            if let company {
                fields["company_id"] = .text(try Store.companyID(named: company, in: recorder).rawValue)
            }
            try recorder.create(.contact, id: id, fields)
        }
        return id
    }
}

@Suite struct StoreDataSourceTests {
    @Test func sessionShowsUserDatabaseAndPendingChanges() throws {
        let fixture = try StoreFixture()
        let session = try fixture.source.session()
        #expect(session.userName == "ada")
        #expect(session.userID == fixture.me)
        #expect(session.database == fixture.store.path)
        #expect(session.syncState == "offline")
        try fixture.store.create(.contact, ["name": .text("Unsynced")])
        #expect(try fixture.source.session().syncState == "offline · pending 1")
        try fixture.store.setSyncSetting("server", "http://127.0.0.1:1")
        try fixture.store.setSyncSetting("last_sync", String(fixture.store.nowMillis))
        #expect(try fixture.source.session().syncState.hasPrefix("synced "))
        try fixture.store.setSyncSetting("last_error", "cannot reach the server")
        #expect(try fixture.source.session().syncState == "offline · pending 1")
        let refused = try #require(try fixture.store.pendingChanges(limit: 100).last)
        try fixture.store.recordRefusals(
            [RejectedChange(changeID: refused.changeID, code: "role_forbids", message: "not yours")],
            hidden: { _ in false })
        #expect(try fixture.source.session().syncState == "offline · pending 1 · 1 refused")
        #expect(try fixture.store.contacts(after: nil, limit: 10).isEmpty, "a refused create leaves the device")
    }

    @Test func contactPagesMeetInBothDirections() throws {
        let fixture = try StoreFixture(contacts: 57)
        let source = fixture.source
        var forward: [ContactRow] = []
        var page = try source.contacts(PageRequest(limit: 10))
        while !page.isEmpty {
            forward += page
            page = try source.contacts(PageRequest(after: page.last?.pageKey, limit: 10))
        }
        #expect(forward.count == 57)
        #expect(forward.map(\.name) == forward.map(\.name).sorted())
        var backward: [ContactRow] = []
        page = try source.contacts(PageRequest(before: nil, limit: 10))
        while !page.isEmpty {
            backward = page + backward
            page = try source.contacts(PageRequest(before: page.first?.pageKey, limit: 10))
        }
        #expect(backward.map(\.id) == forward.map(\.id))
    }

    @Test func accentsAndCaseFoldIntoTheSameOrderAsTheStore() throws {
        let fixture = try StoreFixture()
        for name in ["Émile Zola", "ada lovelace", "Zoë Ångström", "Bob", "山田太郎"] { try fixture.contact(name) }
        let rows = try fixture.source.contacts(PageRequest(limit: 10))
        let second = try fixture.source.contacts(PageRequest(after: rows[1].pageKey, limit: 10))
        #expect(second.map(\.id) == Array(rows.dropFirst(2)).map(\.id))
        let before = try fixture.source.contacts(PageRequest(before: rows[3].pageKey, limit: 2))
        #expect(before.map(\.id) == [rows[1].id, rows[2].id])
    }

    @Test func boardMovesAndTotals() throws {
        let fixture = try StoreFixture()
        let deal = try fixture.store.addDeal([
            "title": .text("Acme rollout"), "amount": .money(try Money(parsing: "12000.50", currency: "USD")),
        ])
        let stages = try fixture.source.stages()
        #expect(stages.map(\.name) == ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
        #expect(stages[0].dealCount == 1)
        #expect(stages[0].totals == [MoneyAmount(minorUnits: 1_200_050, currency: "USD")])
        let cards = try fixture.source.deals(inStage: stages[0].id, PageRequest(limit: 10))
        #expect(cards.map(\.title) == ["Acme rollout"])
        try fixture.source.moveDeal(deal, toStage: stages[1].id)
        #expect(try fixture.store.deal(deal).stageName == "Qualified")
        try fixture.source.closeDeal(deal, won: false, reason: "budget")
        #expect(try fixture.store.deal(deal).lostReason == "budget")
        let timeline = try fixture.source.detail(RecordRef(.deal, deal)).timeline
        #expect(timeline.contains { $0.text.contains("Qualified → Lost") })
    }

    @Test func dealCardsPageNewestFirstInBothDirections() throws {
        let fixture = try StoreFixture()
        for index in 0..<12 {
            try fixture.store.addDeal([
                "title": .text("Deal \(index)"), "amount": .money(try Money(parsing: "1", currency: "USD")),
            ])
        }
        let lead = try #require(try fixture.source.stages().first)
        let first = try fixture.source.deals(inStage: lead.id, PageRequest(limit: 5))
        #expect(first.map(\.title) == ["Deal 11", "Deal 10", "Deal 9", "Deal 8", "Deal 7"])
        let next = try fixture.source.deals(inStage: lead.id, PageRequest(after: first.last?.pageKey, limit: 5))
        #expect(next.first?.title == "Deal 6")
        let back = try fixture.source.deals(inStage: lead.id, PageRequest(before: next.first?.pageKey, limit: 2))
        #expect(back.map(\.title) == ["Deal 8", "Deal 7"])
    }

    @Test func triageQueueFiltersAndPagesBackward() throws {
        let fixture = try StoreFixture()
        var ids: [RecordID] = []
        for (index, priority) in ["urgent", "high", "normal", "low", "normal"].enumerated() {
            ids.append(try fixture.store.openCase(["subject": .text("Case \(index)"), "priority": .text(priority)]))
        }
        let queue = try fixture.source.cases(.open, now: StoreFixture.now, PageRequest(limit: 10))
        #expect(queue.map(\.subject) == ["Case 0", "Case 1", "Case 2", "Case 4", "Case 3"])
        let before = try fixture.source.cases(
            .open, now: StoreFixture.now, PageRequest(before: queue[3].pageKey, limit: 2))
        #expect(before.map(\.subject) == ["Case 1", "Case 2"])
        try fixture.source.assignCase(ids[2], to: fixture.me)
        #expect(
            try fixture.source.cases(.mine, now: StoreFixture.now, PageRequest(limit: 10)).map(\.subject) == ["Case 2"])
        #expect(try fixture.source.cases(.unassigned, now: StoreFixture.now, PageRequest(limit: 10)).count == 4)
        try fixture.store.openCase([
            "subject": .text("Old fire"), "priority": .text("urgent"),
            "created_at": .integer(StoreFixture.now - 7_200_000),
        ])
        #expect(
            try fixture.source.cases(.breached, now: StoreFixture.now, PageRequest(limit: 10)).map(\.subject) == [
                "Old fire"
            ])
        try fixture.source.setCasePriority(ids[3], "urgent")
        try fixture.source.setCaseStatus(ids[0], "solved")
        #expect(
            try fixture.source.cases(.open, now: StoreFixture.now, PageRequest(limit: 2)).map(\.subject) == [
                "Old fire", "Case 3",
            ])
    }

    /// At risk starts after the breached cases (it used to read every one of them first) and
    /// still finds exactly the cases whose clock says at risk, forward and backward.
    @Test func atRiskListsOnlyCasesAtRiskPastAnyNumberOfBreachedOnes() throws {
        let fixture = try StoreFixture()
        let hour: Int64 = 3_600_000
        func open(_ subject: String, _ priority: String, ago: Int64) throws {
            try fixture.store.openCase([
                "subject": .text(subject), "priority": .text(priority),
                "created_at": .integer(StoreFixture.now - ago),
            ])
        }
        for index in 0..<30 { try open("Breached \(index)", "urgent", ago: 2 * hour + Int64(index) * 60_000) }
        try open("Risky urgent", "urgent", ago: 50 * 60_000)  // 10 of its 60 minutes left
        try open("Fine urgent", "urgent", ago: 10 * 60_000)
        try open("Risky high", "high", ago: 3 * hour + 30 * 60_000)  // 30 of 240 minutes left
        try open("Fine low", "low", ago: hour)
        let atRisk = try fixture.source.cases(.atRisk, now: StoreFixture.now, PageRequest(limit: 10))
        #expect(atRisk.map(\.subject) == ["Risky urgent", "Risky high"])
        let back = try fixture.source.cases(
            .atRisk, now: StoreFixture.now, PageRequest(before: atRisk[1].pageKey, limit: 5))
        #expect(back.map(\.subject) == ["Risky urgent"])
        let filter = try fixture.source.storeFilter(.atRisk)
        #expect(filter.atRiskOnly)
        #expect(try fixture.store.cases(filter, limit: 1).map(\.subject) == ["Risky urgent"])
        #expect(try fixture.source.cases(.breached, now: StoreFixture.now, PageRequest(limit: 50)).count == 30)
    }

    @Test func editsGoThroughTheStoreAndBadValuesComeBackAsFieldErrors() throws {
        let fixture = try StoreFixture()
        let id = try fixture.contact("Ada Lovelace", email: "ada@acme.com", company: "Acme")
        try fixture.source.update(
            RecordRef(.contact, id), fields: ["email": "countess@analytical.org", "company": "Babbage Ltd"])
        let contact = try fixture.store.contact(id)
        #expect(contact.email == "countess@analytical.org")
        #expect(contact.companyName == "Babbage Ltd")
        #expect(throws: FieldError.self) {
            try fixture.source.update(RecordRef(.contact, id), fields: ["email": "nope"])
        }
        do {
            try fixture.source.update(RecordRef(.contact, id), fields: ["email": "nope"])
        } catch let error as FieldError {
            #expect(error.field == "email")
        }
    }

    @Test func deleteLeavesATombstoneTheListSkips() throws {
        let fixture = try StoreFixture()
        let id = try fixture.contact("Ada Lovelace")
        try fixture.contact("Bob Builder")
        try fixture.source.delete(RecordRef(.contact, id))
        #expect(try fixture.source.contacts(PageRequest(limit: 10)).map(\.name) == ["Bob Builder"])
    }

    @Test func recentlyDeletedListsTombstonesAndRestoreBringsTheCompanyWithItsDeals() throws {
        let fixture = try StoreFixture()
        let company = try fixture.store.create(.company, ["name": .text("Acme GmbH")])
        try fixture.store.addDeal(
            [
                "title": .text("Rollout"), "amount": .money(try Money(parsing: "100", currency: "EUR")),
                "company_id": .text(company.rawValue),
            ])
        #expect(try fixture.store.deleteCompany(company, withDeals: true) == ["deal \"Rollout\""])
        let deleted = try fixture.source.recentlyDeleted(limit: 10)
        #expect(Set(deleted.map(\.title)) == ["Acme GmbH", "Rollout"])
        let others = try fixture.source.restore(RecordRef(.company, company))
        #expect(others == ["deal \"Rollout\""])
        #expect(try fixture.source.recentlyDeleted(limit: 10).isEmpty)
    }

    @Test func undoLastBringsTheDeletedRecordBackAndAgainRedoes() throws {
        let fixture = try StoreFixture()
        let id = try fixture.contact("Ada Lovelace")
        try fixture.source.delete(RecordRef(.contact, id))
        let message = try fixture.source.undoLast()
        #expect(message.contains("restored contact \"Ada Lovelace\""), "\(message)")
        #expect(try fixture.source.contacts(PageRequest(limit: 10)).map(\.name) == ["Ada Lovelace"])
        _ = try fixture.source.undoLast()
        #expect(try fixture.source.contacts(PageRequest(limit: 10)).isEmpty)
    }

    @Test func createsRecordsOfEveryFormKind() throws {
        let fixture = try StoreFixture()
        let contact = try fixture.source.create(
            .contact, fields: ["name": "Grace Hopper", "email": "grace@navy.mil", "company": "Navy"])
        #expect(try fixture.store.contact(contact).companyName == "Navy")
        let deal = try fixture.source.create(
            .deal,
            fields: [
                "title": "Compiler", "amount": "500.25", "currency": "EUR", "stage": "proposal",
                "contact": "Grace Hopper",
            ])
        let stored = try fixture.store.deal(deal)
        #expect(stored.stageName == "Proposal")
        #expect(stored.amount.decimalString == "500.25")
        #expect(stored.contactName == "Grace Hopper")
        let caseID = try fixture.source.create(.supportCase, fields: ["subject": "Bug", "priority": "high"])
        #expect(try fixture.store.supportCase(caseID).priority == .high)
        #expect(throws: FieldError.self) {
            try fixture.source.create(.deal, fields: ["title": "X", "amount": "12,5.0"])
        }
    }

    @Test func personFieldsTakeActiveTeammatesByName() throws {
        let fixture = try StoreFixture()
        let bo = try fixture.store.create(.user, ["name": .text("Bo Rep"), "role": .text("rep")])
        _ = try fixture.store.create(.user, ["name": .text("Cy Gone"), "role": .text("rep"), "active": .bool(false)])
        #expect(try fixture.source.people(matching: "b", limit: 5) == ["Bo Rep"])
        #expect(try fixture.source.people(matching: "cy", limit: 5).isEmpty, "a deactivated teammate is no candidate")
        let deal = try fixture.source.create(.deal, fields: ["title": "Rollout", "amount": "100", "owner": "rep"])
        #expect(try fixture.store.deal(deal).ownerID == bo)
        #expect(throws: FieldError.self) {
            try fixture.source.create(.deal, fields: ["title": "X", "amount": "1", "owner": "Cy Gone"])
        }
        let mine = try fixture.source.create(.contact, fields: ["name": "Mine"])
        #expect(try fixture.store.contact(mine).ownerID == fixture.me, "no owner given: the user who creates it")
        try fixture.source.update(RecordRef(.contact, mine), fields: ["owner": "Bo"])
        #expect(try fixture.store.contact(mine).ownerID == bo)
        #expect(try fixture.source.detail(RecordRef(.contact, mine)).value(of: "owner") == "Bo Rep")
    }

    @Test func searchDetailNotesAndAgenda() throws {
        let fixture = try StoreFixture()
        let id = try fixture.contact("Ada Lovelace", email: "ada@acme.com")
        #expect(try fixture.source.search("ada", limit: 10).map(\.title).contains("Ada Lovelace"))
        try fixture.source.addNote(to: RecordRef(.contact, id), text: "Met at the conference")
        let detail = try fixture.source.detail(RecordRef(.contact, id))
        #expect(detail.value(of: "email") == "ada@acme.com")
        #expect(detail.timeline.contains { $0.kind == "note" && $0.text == "Met at the conference" })
        let task = try fixture.store.create(
            .activity,
            [
                "kind": .text("task"), "done": .bool(false), "subject": .text("Call Ada"),
                "due_at": .integer(StoreFixture.now - 1000), "contact_id": .text(id.rawValue),
                "owner_id": .text(fixture.me.rawValue),
            ])
        let teammate = try fixture.store.create(.user, ["name": .text("bo"), "role": .text("rep")])
        try fixture.store.create(
            .activity,
            [
                "kind": .text("task"), "done": .bool(false), "subject": .text("Bo's call"),
                "due_at": .integer(StoreFixture.now - 1000), "owner_id": .text(teammate.rawValue),
            ])
        let agenda = try fixture.source.agenda(
            now: StoreFixture.now, endOfDay: Presentation.endOfDay(StoreFixture.now), limit: 10)
        #expect(agenda.overdue.map(\.subject) == ["Call Ada"])
        #expect(agenda.overdue.first?.relatedName == "Ada Lovelace")
        #expect(
            try fixture.source.notifications(now: StoreFixture.now, limit: 10).map(\.text) == [
                "Call Ada — task overdue by less than a minute"
            ]
        )
        try fixture.source.markTaskDone(task)
        #expect(
            try fixture.source.agenda(
                now: StoreFixture.now, endOfDay: Presentation.endOfDay(StoreFixture.now), limit: 10
            ).overdue.isEmpty)
        let summary = try fixture.source.dashboard(now: StoreFixture.now)
        #expect(summary.stages.count == 6)
        #expect(summary.winRate == nil)
    }

    @Test @MainActor func theTUIDrivesTheRealStore() throws {
        let fixture = try StoreFixture()
        try fixture.contact("Ada Lovelace", email: "ada@acme.com")
        let context = AppContext(source: fixture.source, runner: DispatchRunner(), clock: { StoreFixture.now })
        let app = App(context: context, start: .contacts)
        let canvas = MemoryCanvas(width: 80, height: 24)
        for key: Key in [.char("e"), .tab, .ctrl("u")] { app.handle(key) }
        for character in "ada@lovelace.org" { app.handle(.char(character)) }
        app.handle(.enter)
        app.draw(on: canvas)
        #expect(canvas.lines[2].contains("ada@lovelace.org"))
        #expect(try fixture.store.contacts(after: nil, limit: 1).first?.email == "ada@lovelace.org")
        #expect(canvas.lines.last?.contains("ada · ") == true)
    }
}

@Suite struct StoreDataSourceMergeTests {
    @Test func mergeMovesDealsDeletesTheDuplicateAndNotesItInTheTimeline() throws {
        let fixture = try StoreFixture()
        let keep = try fixture.contact("Ana García", email: "ana@acme.example")
        let duplicate = try fixture.contact("Ana Garcia", email: "ana.garcia@home.example", company: "Acme")
        let deal = try fixture.store.addDeal([
            "title": .text("Acme pilot"), "amount": .money(try Money(parsing: "100", currency: "USD")),
            "contact_id": .text(duplicate.rawValue),
        ])
        let found = try fixture.source.lookup(.contact, handle: "ana@acme.example")
        #expect(found.id == keep && found.title == "Ana García")
        try fixture.source.merge(.contact, duplicate: duplicate, into: keep)
        #expect(try fixture.store.fields(of: .deal, id: deal)["contact_id"]?.text == keep.rawValue)
        #expect(try fixture.store.fields(of: .contact, id: keep)["company_id"] != .null)
        #expect(throws: (any Error).self) { try fixture.source.lookup(.contact, handle: "ana.garcia@home.example") }
        let timeline = try fixture.source.detail(RecordRef(.contact, keep)).timeline
        #expect(timeline.contains { $0.text.contains("Ana Garcia") })
    }
}
