// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Undo at the store level, with two devices merged through `SyncHarness`.
@Suite struct TransactionUndoTests {
    /// Every field of every contact, by id: what two devices must agree on.
    func contacts(_ test: TestStore) throws -> [String: [String: FieldValue]] {
        let ids = try test.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM contacts ORDER BY id") }
        var result: [String: [String: FieldValue]] = [:]
        for id in ids.compactMap({ RecordID($0) }) {
            var fields = try test.store.fields(of: .contact, id: id)
            fields["deleted"] = .bool(
                try test.store.read { db in
                    try Bool.fetchOne(db, sql: "SELECT deleted FROM contacts WHERE id = ?", arguments: [id.rawValue])
                } ?? false)
            result[id.rawValue] = fields
        }
        return result
    }

    @Test func aFieldAnotherDeviceChangedSinceKeepsItsValueAndBothDevicesEndEqual() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana"), "phone": .text("+1 555 0100")])
        try relay.sync([a.store, b.store])
        a.advance(minutes: 1)
        try a.store.update(.contact, id: id, ["phone": .text("+1 555 0101"), "title": .text("CTO")])
        try relay.sync([a.store, b.store])
        b.advance(minutes: 2)
        try b.store.update(.contact, id: id, ["phone": .text("+1 555 0202")])
        try relay.sync([a.store, b.store])
        let outcome = try a.store.undo()
        #expect(outcome.done == ["contact \"Ana\": title \"CTO\" → —"])
        #expect(outcome.kept == ["contact \"Ana\": phone left as \"+1 555 0202\"; another device changed it since"])
        try relay.sync([a.store, b.store])
        #expect(try contacts(a) == contacts(b))
        #expect(try b.store.fields(of: .contact, id: id)["phone"] == .text("+1 555 0202"))
        #expect(try b.store.fields(of: .contact, id: id)["title"] == .null)
    }

    @Test func undoThenRedoOfADeleteSyncsBothWays() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try a.store.delete(.contact, id: id)
        try relay.sync([a.store, b.store])
        let undo = try a.store.undo()
        #expect(undo.done == ["restored contact \"Ana\""])
        try relay.sync([a.store, b.store])
        #expect(try b.store.count(.contact) == 1)
        let undoTransaction: Int64 = try #require(undo.transaction)
        let redo = try a.store.undo(undoTransaction)
        #expect(redo.done == ["deleted contact \"Ana\" again"])
        try relay.sync([a.store, b.store])
        #expect(try b.store.count(.contact) == 0)
        #expect(try contacts(a) == contacts(b))
        let history = try a.store.undoHistory(limit: 3)
        #expect(history.map(\.undoes) == [undo.transaction, undo.undone, nil])
    }

    @Test func aDeleteAnotherDeviceMadeAgainSinceIsNotUndone() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try a.store.delete(.contact, id: id)
        try relay.sync([a.store, b.store])
        b.advance(minutes: 1)
        try b.store.restore(.contact, id: id)
        try b.store.delete(.contact, id: id)
        try relay.sync([a.store, b.store])
        let outcome = try a.store.undo()
        #expect(outcome.transaction == nil)
        #expect(outcome.kept == ["contact \"Ana\": left deleted; another device deleted it since"])
        try relay.sync([a.store, b.store])
        #expect(try a.store.count(.contact) == 0 && b.store.count(.contact) == 0)
    }

    @Test func aValueFromBeforeThisDevicesLogIsLeftAndSaidSo() throws {
        let a = try TestStore()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try a.store.write { recorder in
            try recorder.db.execute(sql: "DELETE FROM change_log WHERE entity_id = ?", arguments: [id.rawValue])
        }
        try a.store.update(.contact, id: id, ["title": .text("CTO")])
        let outcome = try a.store.undo()
        #expect(outcome.transaction == nil)
        #expect(
            outcome.kept == ["contact \"Ana\": title left as \"CTO\"; its earlier value is not in this device's log"])
    }
}
