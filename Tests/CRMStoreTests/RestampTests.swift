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

    /// The second 1,000-seed run's divergence, seed 1796388294.
    ///
    /// A restamp set the clock back to server time, below a create this device had pulled from a
    /// device whose clock ran fast (by less than the server's 5-minute bound). Its next edit of
    /// that record was stamped before the create: the server took it (the create had not written
    /// the field), every other device ranked it below the create and dropped it, and this device
    /// kept it.
    @Test func aRestampNeverSetsTheClockBelowWhatTheDeviceHasPulled() throws {
        let fast = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        fast.advance(minutes: 4)
        let id = try fast.store.create(.contact, ["name": .text("Created on a fast clock")])
        try relay.push(fast.store)
        try relay.pull(b.store)
        b.advance(minutes: 30)
        try b.store.create(.contact, ["name": .text("Made while b's clock ran 30 minutes fast")])
        try b.store.restamp(offsetMillis: -30 * 60_000)
        try relay.push(b.store)
        try b.store.update(.contact, id: id, ["title": .text("Edited on b")])
        let created = try #require(try hlcs(fast.store).first?.hlc)
        let edit = try #require(try hlcs(b.store).last)
        #expect(edit.base == created)
        #expect(edit.hlc > created, "an edit made after the device pulled the create is stamped after it")
        try relay.push(b.store)
        try relay.pull(fast.store)
        #expect(try fast.store.contact(id).title == "Edited on b")
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
