// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMInterchangeStore
import CRMStore
import Foundation
import Testing

@Suite struct ExportRoundTripTests {
    /// A store with companies, contacts (one deleted), deals in several stages, a stage move and a task.
    private func populated() throws -> (Store, URL) {
        let (store, folder) = try temporaryStore()
        let rep = try store.create(
            .user, ["name": .text("Pat Rep"), "email": .text("pat@ourco.example"), "role": .text("rep")])
        let contacts = """
            Name,Email,Phone,Company,Title,Tags,Notes,Owner
            Zoë Łukasz,zoe@example.com,+44 20 7946 0958,Acme Ltd,CTO,vip;eu,"Likes ""quotes"", commas
            and newlines",pat@ourco.example
            José García,jose@example.es,,Beta SA,,,,
            Gone Person,gone@example.com,,,,,,
            """
        _ = try importCSV(try write(contacts, "contacts.csv", in: folder), kind: .contact, into: store)
        let deals = """
            Title,Amount,Currency,Stage,Company,Contact Email,Close Date,Probability
            Acme renewal,12000.50,EUR,Negotiation,Acme Ltd,zoe@example.com,2025-03-31,80
            Beta pilot,500,JPY,Won,Beta SA,jose@example.es,2025-01-15,
            """
        _ = try importCSV(try write(deals, "deals.csv", in: folder), kind: .deal, into: store)
        let gone = try store.resolve(.contact, "gone@example.com")
        try store.delete(.contact, id: gone)
        let deal = try store.resolve(.deal, "Acme renewal")
        if let lost = try store.stages().first(where: { $0.name == "Lost" }) {
            try store.moveDeal(deal, to: lost.id, lostReason: "budget")
        }
        try store.create(
            .activity, ["kind": .text("task"), "subject": .text("Call Zoë"), "owner_id": .text(rep.rawValue)])
        return (store, folder)
    }

    /// Every record of every kind, keyed by id, with its fields and tombstone.
    private func snapshot(_ store: Store) throws -> [EntityKind: [RecordID: Copy]] {
        var all: [EntityKind: [RecordID: Copy]] = [:]
        for kind in JSONSnapshot.kinds {
            let records = try store.records(kind, limit: 100_000, includeDeleted: true)
            all[kind] = Dictionary(
                uniqueKeysWithValues: records.map { ($0.id, Copy(deleted: $0.deleted, fields: $0.fields)) })
        }
        return all
    }

    /// What must survive a round trip: the fields and the tombstone (local numbers may differ).
    struct Copy: Equatable {
        let deleted: Bool
        let fields: [String: FieldValue]
    }

    @Test func jsonExportThenImportIntoAnEmptyDatabaseGivesIdenticalData() throws {
        let (source, folder) = try populated()
        let path = folder.appendingPathComponent("export.json").path
        let sink = try TextSink(path: path)
        let exported = try JSONSnapshot(store: source).export(to: sink)
        sink.finish()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])

        let (target, _) = try temporaryStore()
        let report = try JSONSnapshot(store: target).importFile(path: path)
        #expect(report.created + report.updated == exported)
        let expected = try snapshot(source), actual = try snapshot(target)
        for kind in JSONSnapshot.kinds { #expect(actual[kind] == expected[kind], "kind \(kind.rawValue)") }
        #expect(try target.count(.contact) == 2)
        #expect(try changeCount(target) > 0)
    }

    @Test func jsonImportRejectsForeignFilesWithTheLine() throws {
        let (store, folder) = try temporaryStore()
        let bad = try write(
            "{\"format\":\"crm-export\",\"version\":1,\"records\":[\n{\"kind\":\"contact\",\"id\":\"nope\"}\n]}\n",
            "bad.json", in: folder)
        #expect(throws: InterchangeError.invalidJSON(line: 2, reason: "missing or malformed id")) {
            try JSONSnapshot(store: store).importFile(path: bad)
        }
        #expect(try store.count(.contact) == 0)
        let other = try write("[1,2,3]", "other.json", in: folder)
        #expect(throws: InterchangeError.self) { try JSONSnapshot(store: store).importFile(path: other) }
    }

    @Test func csvExportImportsBackIntoAnEmptyDatabase() throws {
        let (source, folder) = try populated()
        for kind in [EntityKind.company, .contact, .deal] {
            let path = folder.appendingPathComponent("\(kind.rawValue).csv").path
            let sink = try TextSink(path: path)
            try StoreExporter(store: source).csv(kind, to: sink)
            sink.finish()
        }
        let (target, _) = try temporaryStore()
        for kind in [EntityKind.company, .contact, .deal] {
            let report = try importCSV(
                folder.appendingPathComponent("\(kind.rawValue).csv").path, kind: kind, into: target)
            #expect(report.skipped == [], "kind \(kind.rawValue)")
        }
        let zoe = try target.contact(try target.resolve(.contact, "zoe@example.com"))
        #expect(zoe.name == "Zoë Łukasz")
        #expect(zoe.companyName == "Acme Ltd")
        #expect(zoe.notes == "Likes \"quotes\", commas\nand newlines")
        #expect(zoe.tags == ["vip", "eu"])
        let deals = try target.deals(limit: 10)
        #expect(Set(deals.map(\.amount.description)) == ["12000.50 EUR", "500 JPY"])
        #expect(Set(deals.map(\.stageName)) == ["Lost", "Won"])
        #expect(deals.first { $0.title == "Beta pilot" }?.contactName == "José García")
    }

    @Test func vcardExportImportsBackWithEveryStoredField() throws {
        let (source, folder) = try populated()
        let path = folder.appendingPathComponent("contacts.vcf").path
        let sink = try TextSink(path: path)
        #expect(try StoreExporter(store: source).vcard(to: sink) == 2)
        sink.finish()
        let (target, _) = try temporaryStore()
        _ = try target.create(
            .user, ["name": .text("Pat Rep"), "email": .text("pat@ourco.example"), "role": .text("rep")])
        let rows = try VCardParser.parse(path: path).map { $0.importRow() }
        var store = StoreImportSink(store: target, kind: .contact)
        let report = try RowImporter().run(rows, file: path, kind: "contact", into: &store)
        #expect(report.created == 2)
        for contact in try source.contacts(after: nil, limit: 10) {
            let copy = try target.contact(contact.id)
            #expect(copy.name == contact.name)
            #expect(copy.email == contact.email)
            #expect(copy.phone == contact.phone)
            #expect(copy.title == contact.title)
            #expect(copy.companyName == contact.companyName)
            #expect(copy.tags == contact.tags)
            #expect(copy.notes == contact.notes)
            #expect(copy.address == contact.address)
            #expect(copy.createdAt == contact.createdAt)
            #expect((copy.ownerID == nil) == (contact.ownerID == nil))
        }
    }
}
