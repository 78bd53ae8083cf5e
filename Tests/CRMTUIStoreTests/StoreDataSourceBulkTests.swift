// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Testing

@testable import CRMTUIStore

/// The TUI's bulk actions through the adapter onto `Store.bulk`, and the related panes'
/// query, against a temp-file store.
@MainActor
@Suite struct StoreDataSourceBulkTests {
    @Test func markedContactsAreTaggedAndOwnedInOneStepThatUndoTakesBack() throws {
        let fixture = try StoreFixture()
        let ana = try fixture.contact("Ana")
        let bea = try fixture.contact("Bea")
        let context = AppContext(source: fixture.source, runner: ImmediateTestRunner(), clock: { StoreFixture.now })
        let app = App(context: context, start: .contacts)
        let canvas = MemoryCanvas(width: 80, height: 24)
        app.draw(on: canvas)
        for key: Key in [.char(" "), .char(" "), .char("t")] { app.handle(key) }
        for character in "VIP" { app.handle(.char(character)) }
        app.handle(.enter)
        app.handle(.char("y"))
        #expect(app.status?.text.contains("tag VIP: 2 contacts changed in one step") == true)
        #expect(try fixture.store.contact(ana).tags == ["vip"] && fixture.store.contact(bea).tags == ["vip"])
        app.handle(.char("u"))
        #expect(try fixture.store.contact(ana).tags.isEmpty && fixture.store.contact(bea).tags.isEmpty)
        #expect(try fixture.source.bulk(.contact, [ana, bea], .assign("me")) == 2)
        #expect(try fixture.store.contact(bea).ownerID == fixture.me)
        #expect(try fixture.source.bulk(.contact, [ana, bea], .assign("")) == 2)
        #expect(try fixture.store.contact(ana).ownerID == nil)
        #expect(throws: FieldError.self) { try fixture.source.bulk(.supportCase, [ana], .priority("sometime")) }
    }

    @Test func aCompanyDetailListsItsContactsOpenDealsAndOpenCases() throws {
        let fixture = try StoreFixture()
        let ana = try fixture.contact("Ana", company: "Acme")
        let acme = try #require(try fixture.store.contact(ana).companyID)
        let amount = FieldValue.money(Money(minorUnits: 100, currency: try Currency("USD")))
        try fixture.store.add(
            RecordDraft(.deal, fields: ["title": .text("Open one"), "amount": amount], company: "Acme"))
        let won = try fixture.store.add(
            RecordDraft(.deal, fields: ["title": .text("Won one"), "amount": amount], company: "Acme"))
        try fixture.store.closeDeal(won, as: .won)
        try fixture.store.add(
            RecordDraft(.supportCase, fields: ["subject": .text("Broken"), "company_id": .text(acme.rawValue)]))
        let detail = try fixture.source.detail(RecordRef(.company, acme))
        #expect(detail.related.map(\.title) == ["Contacts", "Open deals", "Open cases"])
        #expect(detail.related[0].rows.map(\.title) == ["Ana"])
        #expect(detail.related[1].rows.map(\.title) == ["Open one"])
        #expect(detail.related[2].rows.map(\.title) == ["Broken"])
        let contact = try fixture.source.detail(RecordRef(.contact, ana))
        #expect(contact.related.map(\.title) == ["Deals", "Open cases", "Open tasks"])
    }
}

/// Runs background work at once (the TUI's own runner posts to the mailbox).
struct ImmediateTestRunner: BackgroundRunner {
    func run(_ work: @escaping @Sendable () -> Void) { work() }
}
