// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Custom fields in the store (issue 19): the write path, the merge of pulled values, and queries.
@Suite struct CustomFieldStoreTests {
    static func define(_ store: Store, _ name: String, _ type: CustomFieldType, choices: [String] = []) throws
        -> FieldDefinition
    {
        try store.defineField(FieldDefinition(id: .make(), entity: .contact, name: name, type: type, choices: choices))
    }

    @Test func valuesAreCheckedLoggedAndMergedByTheSamePerFieldRule() throws {
        let (a, b) = (try TestStore(), try TestStore())
        let relay = SyncHarness()
        let region = try Self.define(a.store, "Region", .oneOf, choices: ["North", "South"])
        let id = try a.store.add(RecordDraft(.contact, fields: ["name": .text("Eve")], custom: ["Region": "north"]))
        #expect(try a.store.customValues(of: .contact, id: id) == ["region": .string("North")])
        #expect(throws: StoreError.self) { try a.store.edit(id, RecordDraft(.contact, custom: ["Region": "Middle"])) }
        #expect(throws: StoreError.self) { try a.store.edit(id, RecordDraft(.contact, custom: ["Shoe size": "42"])) }
        let logged = try a.log(entity: id).compactMap { $0["field"] as String? }
        #expect(logged == ["custom.region"], "one set per custom value, nothing of the refused ones")
        try relay.sync([a.store, b.store])
        #expect(try b.store.fieldDefinitions(of: .contact) == [region])
        #expect(try b.store.customValues(of: .contact, id: id) == ["region": .string("North")])

        b.advance(minutes: 1)
        try b.store.edit(id, RecordDraft(.contact, custom: ["region": "South"]))
        a.advance(minutes: 2)
        try a.store.edit(id, RecordDraft(.contact, custom: ["Region": ""]))
        try relay.sync([a.store, b.store])
        try relay.sync([a.store, b.store])
        #expect(try a.store.customValues(of: .contact, id: id).isEmpty, "the later clear wins on both devices")
        #expect(try b.store.customValues(of: .contact, id: id).isEmpty)
    }

    @Test func aValueWhoseDefinitionThisDeviceLacksIsKeptAndIndexed() throws {
        let store = try TestStore()
        let id = try store.store.add(RecordDraft(.contact, fields: ["name": .text("Eve")]))
        let change = try #require(
            RemoteChange(
                seq: 1, changeID: RecordID.make().rawValue, entity: "contact", entityID: id.rawValue, op: "set",
                field: "custom.tier", valueJSON: "\"Gold plus\"", hlc: HLC(millis: 1_900_000_000_000, counter: 0),
                deviceID: "other"))
        let parts = UnknownField.unknownParts(
            entity: "contact", entityID: id.rawValue, op: "set", field: "custom.tier", valueJSON: "\"Gold plus\"",
            hlc: change.hlc, deviceID: "other")
        #expect(parts.isEmpty, "custom values are known to this version whatever the definition")
        try store.store.applyRemote([change], conflicts: [], cursor: 1)
        #expect(try store.store.customValues(of: .contact, id: id) == ["tier": .string("Gold plus")])
        let hits = try store.store.search("gold", limit: 10)
        #expect(hits.map(\.id) == [id], "a kept text value is searchable")
    }

    @Test func filtersAndSortsReadTheCustomIndexes() throws {
        let store = try TestStore()
        _ = try Self.define(store.store, "Score", .number)
        _ = try Self.define(store.store, "Renewal date", .date)
        var ids: [String: RecordID] = [:]
        for (name, score, date) in [("Ann", "3", "2027-05-01"), ("Bo", "9.5", "2026-11-01"), ("Cy", "7", "2027-01-01")]
        {
            ids[name] = try store.store.add(
                RecordDraft(.contact, fields: ["name": .text(name)], custom: ["Score": score, "Renewal date": date]))
        }
        _ = try store.store.add(RecordDraft(.contact, fields: ["name": .text("Di")]))
        let early = RecordQuery(
            conditions: [.init(.custom("renewal_date", numeric: false), .less, .string("2027-02-01"))],
            sort: .custom("score", numeric: true), descending: true)
        #expect(try store.store.ids(of: .contact, matching: early) == [ids["Bo"], ids["Cy"]].compactMap { $0 })
        let high = RecordQuery(conditions: [.init(.custom("score", numeric: true), .greaterOrEqual, .int(7))])
        #expect(try store.store.ids(of: .contact, matching: high) == [ids["Bo"], ids["Cy"]].compactMap { $0 })
        let (sql, _) = try Store.sql(.contact, early)
        let plan = try store.store.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + sql,
                arguments: ["contact", "score", "contact", "renewal_date", "2027-02-01", 50]
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("custom_values_by_number") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "the sort walks the index: \(plan)")
    }

    @Test func anUndoOfACustomValueSetsItsEarlierValueAndCanBeRedone() throws {
        let test = try TestStore()
        let store = test.store
        _ = try Self.define(store, "Score", .number)
        let id = try store.add(RecordDraft(.contact, fields: ["name": .text("Eve")], custom: ["Score": "3"]))
        test.advance(minutes: 1)
        try store.edit(id, RecordDraft(.contact, custom: ["Score": "8.5"]))
        test.advance(minutes: 1)
        let undo = try store.undo()
        #expect(undo.done == ["contact \"Eve\": Score 8.5 → 3"], "\(undo.done) \(undo.kept)")
        #expect(try store.customValues(of: .contact, id: id) == ["score": .int(3)])
        test.advance(minutes: 1)
        _ = try store.undo(undo.transaction)
        #expect(try store.customValues(of: .contact, id: id) == ["score": .double(8.5)])
    }
}
