// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// One record id created on two devices (two imports of one CSV make the same UUIDv5 ids) merges
/// on every device as the server merges it: a create writes `_deleted = false` and each field it
/// carries at its HLC, and a field no create carried and no set wrote takes any write.
@Suite struct RecreatedRecordTests {
    static func create(_ test: TestStore, _ id: RecordID, _ fields: [String: FieldValue]) throws {
        _ = try test.store.write { recorder in try recorder.create(.contact, id: id, fields) }
    }

    static func isDeleted(_ test: TestStore, _ id: RecordID) throws -> Bool {
        try test.store.read { db in
            try Bool.fetchOne(db, sql: "SELECT deleted FROM contacts WHERE id = ?", arguments: [id.rawValue]) ?? false
        }
    }

    /// A create later than a delete of the same id brings the record back (SYNC.md scenario 4).
    ///
    /// Devices that already held the record ignored the create, so they and a fresh device kept
    /// the delete the server had overruled.
    @Test func aLaterCreateOfADeletedRecordBringsItBackEverywhere() throws {
        let a = try TestStore()
        let b = try TestStore()
        let fresh = try TestStore()
        let relay = SyncHarness()
        let id = RecordID.make()
        try Self.create(a, id, ["name": .text("Ana")])
        a.advance(minutes: 1)
        try a.store.delete(.contact, id: id)
        try relay.push(a.store)
        b.advance(minutes: 2)
        try Self.create(b, id, ["name": .text("Ana Lima")])
        try relay.push(b.store)
        for test in [a, b, fresh] { try relay.pull(test.store) }
        for (name, test) in [("a", a), ("b", b), ("fresh", fresh)] {
            #expect(try Self.isDeleted(test, id) == false, "\(name) holds the record live, as the server does")
            #expect(try test.store.contact(id).name == "Ana Lima", "\(name) holds the later create's name")
        }
    }

    /// An edit of a field the record's first create did not carry, older than another device's
    /// later create of the same id that did not carry it either: the server takes the edit (no
    /// create wrote that register), so every device must, not drop it as older than the row.
    @Test func aFieldNoCreateCarriedKeepsAnEditOlderThanALaterCreate() throws {
        let a = try TestStore()
        let b = try TestStore()
        let fresh = try TestStore()
        let relay = SyncHarness()
        let id = RecordID.make()
        try Self.create(a, id, ["name": .text("Ana")])
        a.advance(minutes: 1)
        try a.store.update(.contact, id: id, ["title": .text("CTO")])
        b.advance(minutes: 2)
        try Self.create(b, id, ["name": .text("Ana")])
        try relay.push(a.store)
        try relay.push(b.store)
        for test in [a, b, fresh] { try relay.pull(test.store) }
        for (name, test) in [("a", a), ("b", b), ("fresh", fresh)] {
            #expect(try test.store.contact(id).title == "CTO", "\(name) holds the edit, as the server does")
        }
    }

    /// Applying a page again changes nothing, a create of a record already held included.
    @Test func aCreateAppliedAgainIsANoOp() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = RecordID.make()
        try Self.create(a, id, ["name": .text("Ana")])
        try relay.push(a.store)
        try relay.pull(b.store)
        b.advance(minutes: 1)
        try b.store.update(.contact, id: id, ["name": .text("Ana B")])
        try b.store.delete(.contact, id: id)
        let create = try #require(relay.log.first?.change)
        let again = try #require(
            RemoteChange(
                seq: 1, changeID: create.changeID, entity: create.kind, entityID: create.entityID, op: create.op,
                field: create.field, valueJSON: create.valueJSON, hlc: create.hlc, deviceID: create.deviceID))
        let stats = try b.store.applyRemote([again], conflicts: [], cursor: 1)
        #expect(stats.applied == 0 && stats.created == 0)
        #expect(try Self.isDeleted(b, id))
        #expect(try b.store.contact(id).name == "Ana B")
    }
}
