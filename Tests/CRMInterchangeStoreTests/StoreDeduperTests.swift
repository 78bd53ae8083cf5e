// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import GRDB
import Testing

@testable import CRMStore

@Suite struct StoreDeduperTests {
    @Test func mergeKeepsEveryDealActivityAndCaseAndIsLoggedAndInTheTimeline() throws {
        let (store, folder) = try temporaryStore()
        let text = """
            Name,Email,Phone,Company,Tags
            José García,jose@acme.example,,Acme,vip
            "  jose   GARCIA ",,+34 600 123 456,ACME,es
            Ann Other,ann@other.example,,Other,
            """
        _ = try importCSV(try write(text, "c.csv", in: folder), kind: .contact, into: store)
        let keep = try store.resolve(.contact, "jose@acme.example")
        let contacts = try store.contacts(after: nil, limit: 10)
        let duplicate = try #require(contacts.first { $0.id != keep && $0.name.contains("GARCIA") }).id
        let deal = try store.addDeal([
            "title": .text("Deal of the duplicate"),
            "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
            "contact_id": .text(duplicate.rawValue),
        ])
        let call = try store.create(
            .activity, ["kind": .text("call"), "subject": .text("Called"), "contact_id": .text(duplicate.rawValue)])
        let kase = try store.create(
            .supportCase,
            [
                "subject": .text("Broken"), "priority": .text("high"), "status": .text("open"),
                "contact_id": .text(duplicate.rawValue),
            ])

        let deduper = try StoreDeduper(store: store, kind: .contact)
        let candidates = try deduper.candidates()
        #expect(candidates.count == 1)
        #expect(candidates.first?.keep.id == keep)
        #expect(candidates.first?.reasons == ["same name at the same company"])
        let before = try changeCount(store)
        #expect(try deduper.apply(candidates).count == 1)

        #expect(try store.count(.contact) == 2)
        let merged = try store.contact(keep)
        #expect(merged.phone == "+34 600 123 456")
        #expect(merged.tags == ["vip", "es"])
        #expect(try store.deal(deal).contactID == keep)
        #expect(try store.activity(call).contactID == keep)
        let caseContact = try store.fields(of: .supportCase, id: kase)["contact_id"]
        #expect(caseContact == .text(keep.rawValue))
        #expect(try changeCount(store) > before)
        let deletedLogged = try store.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM change_log WHERE entity_id = ? AND op = 'delete'",
                arguments: [duplicate.rawValue])
        }
        #expect(deletedLogged == 1)
        let timeline = try store.timeline(.contact, id: keep)
        #expect(timeline.contains { $0.summary.hasPrefix("Merged duplicate") })
        #expect(try deduper.candidates().isEmpty)
    }

    @Test func companiesDedupeByNameIgnoringLegalSuffixes() throws {
        let (store, folder) = try temporaryStore()
        let text = "Name,Website\nAcme Inc.,acme.example\nBeta GmbH,beta.example\n"
        _ = try importCSV(try write(text, "co.csv", in: folder), kind: .company, into: store)
        try store.create(.company, ["name": .text("ACME, inc")])
        let candidates = try StoreDeduper(store: store, kind: .company).candidates()
        #expect(candidates.count == 1)
        #expect(candidates.first?.keep.fields["name"] == .text("Acme Inc."))
    }
}
