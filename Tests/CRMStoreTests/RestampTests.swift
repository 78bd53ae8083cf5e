// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// `restamp` moves unpushed changes to server time without moving one before what it overwrote.
@Suite struct RestampTests {
    func hlcs(_ store: Store) throws -> [(hlc: Int64, base: Int64?)] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT hlc, base_hlc FROM change_log ORDER BY device_seq").map {
                ($0["hlc"], $0["base_hlc"])
            }
        }
    }

    /// The defect SyncModelTests found: a device an hour ahead edits a record it pulled; moving
    /// the edit back by the whole hour put it before the record's creation, so every other
    /// device kept the old value and this one the new.
    @Test func aRestampedEditStaysAfterWhatItOverwroteAndDevicesConverge() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Created on a")])
        try relay.push(a.store)
        try relay.pull(b.store)
        try b.store.update(.contact, id: id, ["title": .text("Edited on b")])
        try b.store.restamp(offsetMillis: -3_600_000)
        let created = try #require(try hlcs(a.store).first?.hlc)
        let edit = try #require(try hlcs(b.store).last)
        #expect(edit.base == created)
        #expect(edit.hlc > created, "the edit stays after the value it overwrote")
        try relay.push(b.store)
        try relay.pull(a.store)
        #expect(try a.store.contact(id).title == "Edited on b")
        #expect(try b.store.contact(id).title == "Edited on b")
    }

    @Test func ownChangesKeepTheirOrderAndBasesMoveWithThem() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("First")])
        test.advance(minutes: 1)
        try test.store.update(.contact, id: id, ["title": .text("Second")])
        test.advance(minutes: 1)
        try test.store.update(.contact, id: id, ["title": .text("Third")])
        let before = try hlcs(test.store)
        try test.store.restamp(offsetMillis: -3_600_000)
        let after = try hlcs(test.store)
        #expect(after.map(\.hlc) == after.map(\.hlc).sorted() && Set(after.map(\.hlc)).count == after.count)
        #expect(after[0].hlc < before[0].hlc, "moved back by the offset")
        #expect(after[2].base == after[1].hlc, "the third change's base is the second as restamped")
    }
}
