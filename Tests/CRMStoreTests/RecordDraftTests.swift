// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMStore

/// `Store.add` and `edit` own the rules every surface shares (issue 21): the owner, a company
/// named by text, a contact by handle, a deal's first stage, a case's SLA due times.
@Suite struct RecordDraftTests {
    @Test func aNewRecordBelongsToTheCurrentUserUnlessToldOtherwise() throws {
        let test = try TestStore()
        let me = try test.store.create(.user, ["name": .text("Ada"), "role": .text("manager")])
        let bo = try test.store.create(.user, ["name": .text("Bo"), "role": .text("rep")])
        try test.store.setCurrentUser(me)
        let mine = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Mine")]))
        let theirs = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Theirs")], owner: .person(bo)))
        let nobodys = try test.store.add(RecordDraft(.company, fields: ["name": .text("Orphan")], owner: .nobody))
        #expect(try test.store.contact(mine).ownerID == me)
        #expect(try test.store.contact(theirs).ownerID == bo)
        #expect(try test.store.company(nobodys).ownerID == nil)
        let note = try test.store.add(RecordDraft(.activity, fields: ["kind": .text("note"), "subject": .text("Hi")]))
        #expect(try test.store.activity(note).ownerID == me, "a note is owned like any record")
    }

    @Test func aCompanyNamedByTextIsCreatedInTheSameTransaction() throws {
        let test = try TestStore()
        let before = try test.logCount()
        let id = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Ana")], company: "Acme Ltd"))
        let contact = try test.store.contact(id)
        #expect(contact.companyName == "Acme Ltd")
        let again = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Bea")], company: "acme ltd"))
        #expect(try test.store.contact(again).companyID == contact.companyID, "found by folded name, not created twice")
        let transactions = try test.store.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(DISTINCT tx_id) FROM change_log WHERE device_seq > ?", arguments: [before])
        }
        #expect(transactions == 2, "each add, company included, is one transaction")
    }

    @Test func anEditLinksClearsAndLeavesTheOwnerAlone() throws {
        let test = try TestStore()
        let me = try test.store.create(.user, ["name": .text("Ada"), "role": .text("manager")])
        try test.store.setCurrentUser(me)
        let id = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Ana")], company: "Acme"))
        try test.store.edit(id, RecordDraft(.contact, fields: ["title": .text("CTO")], company: ""))
        let contact = try test.store.contact(id)
        #expect(contact.companyID == nil)
        #expect(contact.title == "CTO")
        #expect(contact.ownerID == me)
    }

    @Test func aDealStartsInTheFirstOpenStageAndACaseGetsItsDueTimes() throws {
        let test = try TestStore()
        let contact = try test.store.add(RecordDraft(.contact, fields: ["name": .text("Ana Lima")]))
        let deal = try test.store.add(
            RecordDraft(
                .deal, fields: ["title": .text("Big"), "amount": .money(try Money(parsing: "10", currency: "EUR"))],
                company: "Acme", contact: "Ana Lima"))
        let stored = try test.store.deal(deal)
        #expect(stored.stageName == (try test.store.stages().first { $0.kind == .open }?.name))
        #expect(stored.contactID == contact)
        #expect(try test.store.stageHistory(deal).count == 1)
        let opened = try test.store.add(
            RecordDraft(
                .supportCase, fields: ["subject": .text("Broken"), "priority": .text("urgent")], contact: "Ana Lima"))
        let item = try test.store.supportCase(opened)
        #expect(item.contactID == contact)
        #expect(item.firstResponseDue > item.createdAt)
    }
}
