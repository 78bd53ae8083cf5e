// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// A device whose own write the server ruled lost takes the winner, even when nothing later in
/// the log would bring it (the 1,000-seed SyncModelTests run found a device keeping a delete
/// that every other device held live).
@Suite struct LostOwnChangeTests {
    /// A contact created by device X, pulled by this store, then deleted here; returns its id and
    /// this device's delete stamp.
    static func deletedHere(_ test: TestStore) throws -> (RecordID, HLC, String) {
        let id = RecordID.make()
        let created = HLC(millis: test.now - 60_000, counter: 0)
        let create = RemoteChange(
            seq: 1, changeID: "c1", kind: .contact, entityID: id, op: .create, field: nil, value: .null,
            hlc: created, deviceID: "device-x")
        var withName = create
        withName.initial = ["name": .text("Ana")]
        try test.store.applyRemote([withName], conflicts: [], cursor: 1)
        try test.store.delete(.contact, id: id)
        let device = try test.store.read { db in try String.fetchOne(db, sql: "SELECT device_id FROM clock") ?? "" }
        let stamp = try test.store.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT hlc FROM change_log WHERE entity_id = ? AND op = 'delete'", arguments: [id.rawValue])
        }
        return (id, HLC(rawValue: try #require(stamp)), device)
    }

    static func isDeleted(_ test: TestStore, _ id: RecordID) throws -> Bool {
        try test.store.read { db in
            try Bool.fetchOne(db, sql: "SELECT deleted FROM contacts WHERE id = ?", arguments: [id.rawValue]) ?? false
        }
    }

    static func conflict(
        _ id: RecordID, kind: String = "concurrent_write", winner: HLC, loser: HLC, loserDevice: String
    ) -> RemoteConflict {
        RemoteConflict(
            seq: 9, kind: kind, entity: "contact", entityID: id.rawValue, field: "_deleted", winnerValue: "false",
            winnerHLC: winner.wire(deviceID: "device-x"), winnerDevice: "device-x", loserValue: "true",
            loserHLC: loser.wire(deviceID: loserDevice), loserDevice: loserDevice)
    }

    @Test func aLostDeleteIsUndoneHere() throws {
        let test = try TestStore()
        let (id, deleted, device) = try Self.deletedHere(test)
        #expect(try Self.isDeleted(test, id))
        let winner = HLC(millis: deleted.millis + 1, counter: 0)
        try test.store.applyRemote(
            [], conflicts: [Self.conflict(id, winner: winner, loser: deleted, loserDevice: device)], cursor: 9)
        #expect(try Self.isDeleted(test, id) == false)
        #expect(try test.store.search("ana").map(\.id) == [id], "back in the search index")
    }

    @Test func aConflictLostByAnotherDeviceOrAlreadyOvertakenChangesNothing() throws {
        let test = try TestStore()
        let (id, deleted, device) = try Self.deletedHere(test)
        let winner = HLC(millis: deleted.millis + 1, counter: 0)
        let other = Self.conflict(id, winner: winner, loser: deleted, loserDevice: "device-y")
        let hidden = Self.conflict(id, kind: "edit_on_deleted", winner: winner, loser: deleted, loserDevice: device)
        let stale = Self.conflict(
            id, winner: winner, loser: HLC(millis: deleted.millis - 5, counter: 0), loserDevice: device)
        try test.store.applyRemote([], conflicts: [other, hidden, stale], cursor: 9)
        #expect(try Self.isDeleted(test, id), "another device's loss, a hidden edit, or a value moved on since")
    }
}
