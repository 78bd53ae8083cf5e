// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMStore

/// `isEmptyOfRecords`: what the TUI's first run asks before it teaches instead of showing zeros.
@Suite struct FirstRunTests {
    @Test func usersStagesAndActivitiesDoNotCountAsRecords() throws {
        let test = try TestStore()
        #expect(try test.store.isEmptyOfRecords())
        let me = try test.store.create(.user, ["name": .text("Ada"), "role": .text("rep")])
        try test.store.setCurrentUser(me)
        _ = try test.store.create(.activity, ["kind": .text("note"), "subject": .text("Hello")])
        #expect(!(try test.store.stages().isEmpty), "a new database has its default stages")
        #expect(try test.store.isEmptyOfRecords())
    }

    @Test func eachKindOfRecordCountsAndADeletedOneDoesNot() throws {
        for kind in [EntityKind.contact, .company, .deal, .supportCase] {
            let test = try TestStore()
            let fields: [String: FieldValue] =
                switch kind {
                case .contact, .company: ["name": .text("First")]
                case .deal:
                    [
                        "title": .text("First"), "stage_id": .text(try test.store.stages()[0].id.rawValue),
                        "amount": .money(try Money(parsing: "10.00", currency: "USD")),
                    ]
                default: ["subject": .text("First")]
                }
            let id = try kind == .supportCase ? test.store.openCase(fields) : test.store.create(kind, fields)
            #expect(!(try test.store.isEmptyOfRecords()), "\(kind)")
            try test.store.delete(kind, id: id)
            #expect(try test.store.isEmptyOfRecords(), "a deleted \(kind) is in the trash, not the database")
        }
    }
}
