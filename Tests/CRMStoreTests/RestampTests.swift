// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// `restamp` moves unpushed changes to server time without moving one before what it overwrote.
@Suite struct RestampTests {
    /// The server's bound on how far ahead a pushed HLC may be (`SyncAPI.maxClockAheadMillis`).
    static let bound: Int64 = 5 * 60_000

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
        try b.store.restamp(offsetMillis: -3_600_000, aheadLimitMillis: Self.bound)
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
        try b.store.restamp(offsetMillis: -30 * 60_000, aheadLimitMillis: Self.bound)
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
        try test.store.restamp(offsetMillis: -3_600_000, aheadLimitMillis: Self.bound)
        let after = try hlcs(test.store)
        #expect(after.map(\.hlc) == after.map(\.hlc).sorted() && Set(after.map(\.hlc)).count == after.count)
        #expect(after[0].hlc < before[0].hlc, "moved back by the offset")
        #expect(after[2].base == after[1].hlc, "the third change's base is the second as restamped")
    }

    /// SYNC.md 3.2: a pull raises the clock to `max(l, remote, wall clock + offset)`.
    ///
    /// It took the bare wall clock, so a device whose clock runs fast, with its offset known,
    /// stamped every write after a pull at its own fast time.
    @Test func aPullRaisesTheClockToWallClockPlusTheOffsetNotTheBareWallClock() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try relay.push(a.store)
        b.advance(minutes: 30)
        try b.store.setSyncSetting("server_offset_ms", String(-30 * 60_000))
        try relay.pull(b.store)
        try b.store.update(.contact, id: id, ["title": .text("Edited on b")])
        let edit = try #require(try hlcs(b.store).last)
        #expect(HLC(rawValue: edit.hlc).millis < a.now + 60_000, "stamped at server time, not at b's fast clock")
    }

    /// A device that knows its offset stamps at server time; a restamp after its clock drifted
    /// 10 minutes more moves its changes by those 10 minutes, not by the whole offset again, which
    /// put b's later edit before a's earlier one and the later edit lost everywhere.
    @Test func aRestampMovesChangesByTheChangeOfOffsetNotTheWholeOffset() throws {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let id = try a.store.create(.contact, ["name": .text("Ana")])
        try relay.push(a.store)
        try relay.pull(b.store)
        a.advance(minutes: 3)
        try a.store.update(.contact, id: id, ["title": .text("Earlier, on a")])
        b.now = a.now + 52 * 60_000
        try b.store.setSyncSetting("server_offset_ms", String(-30 * 60_000))
        try b.store.update(.contact, id: id, ["title": .text("Later, on b")])
        try b.store.restamp(offsetMillis: -40 * 60_000, aheadLimitMillis: Self.bound)
        let edit = HLC(rawValue: try #require(try hlcs(b.store).last).hlc)
        #expect(edit.millis == a.now + 12 * 60_000, "moved back by the 10 minutes the clock drifted")
        for store in [a.store, b.store] { try relay.push(store) }
        for store in [a.store, b.store] { try relay.pull(store) }
        #expect(try a.store.contact(id).title == "Later, on b")
        #expect(try b.store.contact(id).title == "Later, on b")
    }

    /// A change within the server's bound may already be on the server (a push whose answer was
    /// lost), so a restamp leaves it as it is and moves only the changes after it.
    ///
    /// Moving it too made the next push resend a stored change with another HLC, refused for good
    /// (422 `change_id_reused_with_different_content`; SyncModelTests, the seed pairs from 53046,
    /// 53110 and 53142).
    @Test func aChangeTheServerMayHoldKeepsItsStampAndTheChangesAfterItMove() throws {
        let b = try TestStore()
        let serverNow = b.now
        try b.store.create(.contact, ["name": .text("Pushed, answer lost")])
        let sent = try #require(try hlcs(b.store).last).hlc
        b.advance(minutes: 60)
        try b.store.create(.contact, ["name": .text("Made an hour fast")])
        try b.store.restamp(offsetMillis: -60 * 60_000, aheadLimitMillis: Self.bound)
        let after = try hlcs(b.store)
        #expect(after.contains { $0.hlc == sent }, "the change the server may hold keeps its HLC")
        let moved = try #require(after.last).hlc
        #expect(moved > sent && HLC(rawValue: moved).millis <= serverNow + 1, "the later one moves after it")
    }

    /// Writes made while the clock ran an hour fast, then the clock corrected before the push.
    ///
    /// The learned offset is 0, as is the stored one, yet the changes are an hour ahead. Moving
    /// them by the change of offset (nothing) left them to a 422 at every sync; they move to
    /// server time, and so does the clock.
    @Test func changesLeftAheadByACorrectedClockStillComeBackToServerTime() throws {
        let b = try TestStore()
        let serverNow = b.now
        b.advance(minutes: 60)
        try b.store.create(.contact, ["name": .text("Made an hour fast")])
        b.now = serverNow
        try b.store.restamp(offsetMillis: 0, aheadLimitMillis: Self.bound)
        let newest = HLC(rawValue: try #require(try hlcs(b.store).last).hlc)
        #expect(newest.millis <= serverNow, "no later than server time, so the next push is taken")
        try b.store.create(.contact, ["name": .text("Made after the restamp")])
        let next = HLC(rawValue: try #require(try hlcs(b.store).last).hlc)
        #expect(next.millis <= serverNow + 1, "the clock is back at server time too")
    }
}
