// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Testing

@testable import CRMTUIStore

/// The TUI's detail view shows a record's custom fields (issue 19).
@Suite struct StoreDataSourceCustomTests {
    @Test func theDetailViewListsCustomValuesUnderTheirNames() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let company = try store.add(RecordDraft(.company, fields: ["name": .text("Acme")]))
        let fields: [(String, CustomFieldType, [String])] = [
            ("Region", .oneOf, ["North", "South"]), ("Renewal date", .date, []), ("Account", .link, []),
            ("Retired one", .text, []),
        ]
        for (name, type, choices) in fields {
            try store.defineField(
                FieldDefinition(
                    id: .make(), entity: .contact, name: name, type: type, target: type == .link ? .company : nil,
                    choices: choices))
        }
        let id = try store.add(
            RecordDraft(
                .contact, fields: ["name": .text("Eve")],
                custom: ["Region": "south", "Renewal date": "2027-03-01", "Account": "Acme", "Retired one": "x"]))
        try store.retireField(.contact, "Retired one")
        let detail = try fixture.source.detail(RecordRef(.contact, id))
        let custom = detail.fields.filter { $0.name.hasPrefix("custom.") }
        #expect(custom.map(\.label) == ["Region", "Renewal date", "Account"])
        #expect(
            custom.map(\.value) == ["South", "2027-03-01", "company #\(try store.num(of: .company, id: company) ?? 0)"])
        #expect(detail.value(of: "custom.region") == "South")
    }

    @Test func formsOfferCustomFieldsAndSaveThemInTheRecordsTransaction() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        try store.defineField(
            FieldDefinition(id: .make(), entity: .deal, name: "Region", type: .oneOf, choices: ["North", "South"]))
        try store.defineField(FieldDefinition(id: .make(), entity: .deal, name: "Renewal date", type: .date))
        let form = try fixture.source.customFormFields(.deal)
        #expect(form.map(\.name) == ["custom.region", "custom.renewal_date"])
        #expect(form.first?.rule == .oneOf(["North", "South"]), "a one-of is picked from its choices")
        let id = try fixture.source.create(
            .deal, fields: ["title": "Renewal", "amount": "100", "custom.region": "north"])
        #expect(try store.customValues(of: .deal, id: id) == ["region": .string("North")])
        try fixture.source.update(RecordRef(.deal, id), fields: ["custom.renewal_date": "2027-03-01"])
        #expect(try fixture.source.detail(RecordRef(.deal, id)).value(of: "custom.renewal_date") == "2027-03-01")
        #expect(throws: (any Error).self) {
            try fixture.source.update(RecordRef(.deal, id), fields: ["title": "Changed", "custom.region": "Middle"])
        }
        #expect(try store.deal(id).title == "Renewal", "a refused custom value leaves the whole edit unwritten")
    }
}
