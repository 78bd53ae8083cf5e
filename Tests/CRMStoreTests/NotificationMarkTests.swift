// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Notification marks as synced records on real SQLite files, two devices of one user through the
/// in-test relay: the same notifications in the same states on both, one record per notification
/// however many devices mark it, the later mark winning, and a mark that arrives before its
/// notification applying once the notification appears.
@Suite struct NotificationMarkTests {
    let minute: Int64 = 60_000

    /// Ana's two devices, A and B, on the same clock, each acting as Ana.
    func devices() throws -> (a: TestStore, b: TestStore, ana: RecordID, relay: SyncHarness) {
        let a = try TestStore()
        let b = try TestStore()
        let ana = try a.store.create(.user, ["name": .text("Ana Agent"), "role": .text("agent")])
        try a.store.setCurrentUser(ana)
        try b.store.setCurrentUser(ana)
        let relay = SyncHarness()
        try relay.sync([a.store, b.store])
        return (a, b, ana, relay)
    }

    func task(_ store: Store, _ subject: String, due: Int64, owner: RecordID) throws {
        try store.create(
            .activity,
            [
                "kind": .text("task"), "subject": .text(subject), "due_at": .integer(due),
                "owner_id": .text(owner.rawValue),
            ])
    }

    func marks(_ store: TestStore) throws -> [Row] {
        try store.store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, notification_id, state FROM notification_marks ORDER BY id")
        }
    }

    @Test func readDismissedAndSnoozedOnOneDeviceShowTheSameOnTheOther() throws {
        let (a, b, ana, relay) = try devices()
        for (offset, subject) in [(90, "Call Ada"), (60, "Call Bob"), (30, "Call Cy")] {
            try task(a.store, subject, due: a.now - Int64(offset) * minute, owner: ana)
        }
        try relay.sync([a.store, b.store])
        let list = try a.store.notifications()
        #expect(try b.store.notifications() == list)
        let id = { (title: String) in list.first { $0.title == title }?.id ?? "" }
        try a.store.markNotifications([id("Call Ada")], .read)
        try a.store.markNotifications([id("Call Bob")], .dismissed)
        try a.store.markNotifications([id("Call Cy")], .snoozed, until: a.now + 60 * minute)
        try relay.sync([a.store, b.store])
        #expect(try b.store.notifications(includeDismissed: true) == a.store.notifications(includeDismissed: true))
        let shown = try b.store.notifications()
        #expect(shown.map(\.title) == ["Call Ada"])
        #expect(shown.first?.state == .read)
        let snoozed = try b.store.notifications(includeDismissed: true).first { $0.title == "Call Cy" }
        #expect(snoozed?.state == .snoozed && snoozed?.snoozedUntil == a.now + 60 * minute)
        // The snooze runs out on both devices at the same time, and the task is back unread.
        a.advance(minutes: 61)
        b.advance(minutes: 61)
        for device in [a, b] {
            #expect(try device.store.notifications().map(\.title) == ["Call Cy", "Call Ada"])
            #expect(try device.store.notifications().first?.state == .unread)
        }
        // Syncing again and reading again changes nothing: no new notification, no new mark.
        try relay.sync([a.store, b.store, a.store])
        #expect(try a.store.notifications() == b.store.notifications())
        #expect(try a.store.notifications().count == 2)
        #expect(try marks(a).count == 3)
        #expect(try marks(a) == marks(b))
    }

    @Test func bothDevicesMarkingOneNotificationMakeOneRecordAndTheLaterWins() throws {
        let (a, b, ana, relay) = try devices()
        try task(a.store, "Call Ada", due: a.now - 90 * minute, owner: ana)
        try relay.sync([a.store, b.store])
        let id = try #require(try a.store.notifications().first?.id)
        // Offline, each device marks the same notification: A dismisses, B, a minute later, reads.
        try a.store.markNotifications([id], .dismissed)
        b.advance(minutes: 1)
        try b.store.markNotifications([id], .read)
        try relay.sync([a.store, b.store])
        try relay.sync([a.store, b.store])
        for device in [a, b] {
            let rows = try marks(device)
            #expect(rows.count == 1)
            #expect(rows.first?["id"] == NotificationMark.recordID(user: ana.rawValue, notificationID: id).rawValue)
            #expect(rows.first?["state"] == "read")
        }
        #expect(try a.store.notifications().first?.state == .read)
        // Taken back on A: unread on both, still one record.
        a.advance(minutes: 2)
        try a.store.markNotifications([id], .unread)
        try relay.sync([a.store, b.store])
        #expect(try b.store.notifications().first?.state == .unread)
        #expect(try marks(b).count == 1)
    }

    @Test func aMarkThatArrivesBeforeItsNotificationAppliesWhenItAppears() throws {
        let (a, b, _, relay) = try devices()
        let item = try a.store.openCase(["subject": .text("Printer on fire"), "priority": .text("urgent")])
        try relay.sync([a.store, b.store])
        // A's clock is 50 minutes on: the case is at risk there, not yet on B.
        a.advance(minutes: 50)
        let risk = try #require(try a.store.notifications().first)
        #expect(risk.reason == .slaAtRisk && risk.recordID == item)
        try a.store.markNotifications([risk.id], .read)
        try relay.sync([a.store, b.store])
        #expect(try b.store.notifications().isEmpty)
        #expect(try marks(b).count == 1, "kept, waiting for its notification")
        b.advance(minutes: 50)
        let arrived = try b.store.notifications()
        #expect(arrived.map(\.id) == [risk.id])
        #expect(arrived.first?.state == .read)
    }

    @Test func aMarkNeedsAUserAndAMarkMadeBeforeLoginMovesToTheServersUser() throws {
        let a = try TestStore()
        try a.store.create(
            .activity, ["kind": .text("task"), "subject": .text("Call Ada"), "due_at": .integer(a.now - minute)])
        let unowned = try #require(try a.store.notifications().first?.id)
        #expect(throws: StoreError.self) { try a.store.markNotifications([unowned], .read) }
        let local = try a.store.create(.user, ["name": .text("Ana Local"), "role": .text("admin")])
        try a.store.setCurrentUser(local)
        try task(a.store, "Call Bob", due: a.now - minute, owner: local)
        let id = try #require(try a.store.notifications().first?.id)
        try a.store.markNotifications([id], .dismissed)
        let server = User(id: RecordID.make(), num: 0, name: "ana", email: nil, role: "agent")
        try a.store.adoptIdentity(server)
        let expected = NotificationMark.recordID(user: server.id.rawValue, notificationID: id)
        #expect(try marks(a).map { $0["id"] as String } == [expected.rawValue])
        let pending = try a.store.pendingChanges(limit: 100).filter { $0.kind == "notification_mark" }
        #expect(pending.map(\.entityID) == [expected.rawValue])
        #expect(pending.first?.valueJSON?.contains(server.id.rawValue) == true)
        #expect(try a.store.notifications(includeDismissed: true).first?.state == .dismissed)
    }

    @Test func aDealsIdleSpellIsTheSameNotificationOnBothDevices() throws {
        let (a, b, ana, relay) = try devices()
        let stage = try #require(try a.store.stages().first { $0.kind == .open })
        let amount = FieldValue.money(Money(minorUnits: 100_000, currency: try Currency("EUR")))
        try a.store.create(
            .deal,
            [
                "title": .text("Acme rollout"), "amount": amount, "stage_id": .text(stage.id.rawValue),
                "owner_id": .text(ana.rawValue),
            ])
        // B applies the deal five days after it was written: its updated_at there is that day.
        b.advance(minutes: 5 * 1440)
        try relay.sync([a.store, b.store])
        a.advance(minutes: 15 * 1440)
        b.advance(minutes: 10 * 1440)
        let idle = try a.store.notifications()
        #expect(idle.map(\.reason) == [.dealIdle])
        #expect(try b.store.notifications() == idle)
    }

    @Test func theLocalMarksOfAnOlderVersionMoveIntoTheSyncedTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("crm.sqlite").path
        let ana = RecordID.make().rawValue
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator().migrate(queue, upTo: "v14-custom-fields")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO notification_state (user_id, notification_id, state, at, until) VALUES
                        (?, 'aaaaaaaaaa', 'dismissed', 1, NULL), (?, 'bbbbbbbbbb', 'snoozed', 2, 99),
                        ('', 'cccccccccc', 'read', 3, NULL)
                    """, arguments: [ana, ana])
        }
        try queue.close()
        let store = try Store.open(path: path)
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notification_marks ORDER BY notification_id")
        }
        #expect(rows.map { $0["notification_id"] as String } == ["aaaaaaaaaa", "bbbbbbbbbb"])
        #expect(rows.map { $0["state"] as String } == ["dismissed", "snoozed"])
        #expect(rows.map { $0["snoozed_until"] as Int64? } == [nil, 99])
        #expect(
            rows.first?["id"] == NotificationMark.recordID(user: ana, notificationID: "aaaaaaaaaa").rawValue)
        #expect(try store.read { db in try db.tableExists("notification_state") } == false)
    }

    @Test func aMarkAlreadyPushedStaysWithItsUserWhenAnotherLogsIn() throws {
        let (a, _, ana, relay) = try devices()
        try task(a.store, "Call Ada", due: a.now - minute, owner: ana)
        let id = try #require(try a.store.notifications().first?.id)
        try a.store.markNotifications([id], .read)
        try relay.push(a.store)
        let other = User(id: RecordID.make(), num: 0, name: "cy", email: nil, role: "agent")
        try a.store.adoptIdentity(other)
        let kept = NotificationMark.recordID(user: ana.rawValue, notificationID: id).rawValue
        #expect(try marks(a).map { $0["id"] as String } == [kept])
    }
}
