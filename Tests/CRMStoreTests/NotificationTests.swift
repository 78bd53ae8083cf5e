// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMStore

/// The notification centre on real SQLite files: each rule, why it fires, one notification per
/// event, read and dismissed marks that survive reopening, and an assignment from another device.
@Suite struct NotificationTests {
    let minute: Int64 = 60_000

    /// Ana's device (A) and Bo's (B), synced, each acting as its user.
    func team() throws -> (a: TestStore, b: TestStore, ana: RecordID, bo: RecordID, relay: SyncHarness) {
        let a = try TestStore()
        let b = try TestStore()
        let relay = SyncHarness()
        let ana = try a.store.create(.user, ["name": .text("Ana Agent"), "role": .text("agent")])
        try a.store.setCurrentUser(ana)
        let bo = try b.store.create(.user, ["name": .text("Bo Boss"), "role": .text("manager")])
        try b.store.setCurrentUser(bo)
        try relay.sync([a.store, b.store])
        return (a, b, ana, bo, relay)
    }

    func task(_ store: Store, _ subject: String, due: Int64, owner: RecordID, done: Bool = false) throws {
        try store.create(
            .activity,
            [
                "kind": .text("task"), "subject": .text(subject), "due_at": .integer(due), "done": .bool(done),
                "owner_id": .text(owner.rawValue),
            ])
    }

    @Test func tasksDueSoonAndOverdueOfTheUserOnly() throws {
        let (a, _, ana, bo, _) = try team()
        try task(a.store, "Call Ada", due: a.now - 90 * minute, owner: ana)
        try task(a.store, "Send quote", due: a.now + 3 * 60 * minute, owner: ana)
        try task(a.store, "Next week", due: a.now + 7 * 1440 * minute, owner: ana)
        try task(a.store, "Done already", due: a.now - 90 * minute, owner: ana, done: true)
        try task(a.store, "Bo's call", due: a.now - 90 * minute, owner: bo)
        let list = try a.store.notifications()
        #expect(list.map(\.title) == ["Send quote", "Call Ada"])
        #expect(list.map(\.reason) == [.taskDue, .taskOverdue])
        #expect(list.map(\.why) == ["task due in 3 h", "task overdue by 1 h 30 min"])
        #expect(list.allSatisfy { $0.state == .unread && $0.kind == .activity })
    }

    @Test func slaAtRiskThenBreachedFireOnceEach() throws {
        let (a, _, ana, bo, _) = try team()
        let queue = try a.store.openCase(["subject": .text("Printer on fire"), "priority": .text("urgent")])
        let mine = try a.store.openCase(["subject": .text("Mine"), "priority": .text("urgent")])
        try a.store.assignCase(mine, to: ana)
        let theirs = try a.store.openCase(["subject": .text("Bo's"), "priority": .text("urgent")])
        try a.store.assignCase(theirs, to: bo)
        #expect(try a.store.notifications().isEmpty)
        a.advance(minutes: 50)
        let risky = try a.store.notifications()
        #expect(Set(risky.map(\.recordID)) == [queue, mine])
        #expect(risky.allSatisfy { $0.reason == .slaAtRisk })
        #expect(
            risky.first { $0.recordID == queue }?.why
                == "first response due in 10 min, under a quarter left (unassigned)")
        // The same event on a second read is the same notification; marking it read sticks.
        #expect(try a.store.notifications().map(\.key) == risky.map(\.key))
        try a.store.markNotifications(risky.map(\.id), .read)
        a.advance(minutes: 5)
        #expect(try a.store.notifications().allSatisfy { $0.state == .read })
        // Past due: a new, unread notification for the breach; the at-risk one is gone.
        a.advance(minutes: 10)
        let late = try a.store.notifications()
        #expect(late.map(\.reason) == [.slaBreached, .slaBreached])
        #expect(late.allSatisfy { $0.state == .unread })
        #expect(late.first { $0.recordID == mine }?.why == "first response overdue by 5 min")
        // Answered: the first response is met, nothing is left to say for an hour or so.
        try a.store.replyToCase(mine, text: "On it")
        #expect(try a.store.notifications().map(\.recordID) == [queue])
    }

    @Test func dismissedStaysDismissedAcrossReopening() throws {
        let (a, _, ana, _, _) = try team()
        try task(a.store, "Call Ada", due: a.now - 90 * minute, owner: ana)
        try task(a.store, "Call Bob", due: a.now - 30 * minute, owner: ana)
        let list = try a.store.notifications()
        let ada = try #require(list.first { $0.title == "Call Ada" })
        try a.store.markNotifications([ada.id], .dismissed)
        try a.store.markNotifications([ada.id], .read)
        let reopened = try Store.open(path: a.path, now: { a.now })
        #expect(try reopened.notifications().map(\.title) == ["Call Bob"])
        #expect(try reopened.notifications(includeDismissed: true).first { $0.id == ada.id }?.state == .dismissed)
        // Marks are per user: another user on this device sees the task unmarked.
        let other = try reopened.create(.user, ["name": .text("Cy"), "role": .text("agent")])
        try reopened.setCurrentUser(other)
        #expect(try reopened.notifications().isEmpty)
        try reopened.setCurrentUser(ana)
        try reopened.markNotifications([ada.id], .unread)
        #expect(try reopened.notifications().map(\.title) == ["Call Bob", "Call Ada"])
        // Snoozed: hidden until the time, then back unread; a snooze needs a time.
        let bob = try #require(try reopened.notifications().first { $0.title == "Call Bob" })
        try reopened.markNotifications([bob.id], .snoozed, until: a.now + 60 * minute)
        #expect(try reopened.notifications().map(\.title) == ["Call Ada"])
        #expect(try reopened.notifications(includeDismissed: true).first { $0.id == bob.id }?.state == .snoozed)
        a.advance(minutes: 61)
        #expect(try reopened.notifications().first { $0.id == bob.id }?.state == .unread)
        #expect(throws: StoreError.self) { try reopened.markNotifications([bob.id], .snoozed) }
    }

    @Test func anAssignmentFromAnotherDeviceAndACustomerReply() throws {
        let (a, b, ana, _, relay) = try team()
        let mail = try InboundMail(
            messageID: "<m1@example.com>", threadIDs: [], caseNumber: nil,
            fromAddress: EmailAddress("jane@example.com"), fromName: "Jane", subject: "Broken export",
            text: "It fails", attachments: [])
        guard case .openedCase(let caseID, let num, _) = try a.store.receiveMail(mail) else {
            Issue.record("the mail opened no case")
            return
        }
        try relay.sync([a.store, b.store])
        // Bo assigns it to Ana on his device; on Ana's it arrives by sync.
        try b.store.assignCase(caseID, to: ana)
        #expect(try a.store.notifications().isEmpty)
        try relay.sync([b.store, a.store])
        let assigned = try a.store.notifications()
        #expect(assigned.map(\.reason) == [.caseAssigned])
        #expect(assigned.first?.why == "assigned to you on another device")
        #expect(assigned.first?.num == num)
        // Ana assigning a case to herself tells her nothing.
        let own = try a.store.openCase(["subject": .text("Own"), "priority": .text("low")])
        try a.store.assignCase(own, to: ana)
        #expect(try a.store.notifications().count == 1)
        // Jane answers (the subject tag threads it): a customer-reply notification on the case.
        a.advance(minutes: 10)
        let answer = try InboundMail(
            messageID: "<m2@example.com>", threadIDs: [], caseNumber: num,
            fromAddress: EmailAddress("jane@example.com"), fromName: "Jane", subject: "Re: Broken export [#\(num)]",
            text: "Still failing\nsince Monday", attachments: [])
        _ = try a.store.receiveMail(answer)
        let replies = try a.store.notifications().filter { $0.reason == .customerReply }
        #expect(replies.map(\.why) == ["the customer replied: Still failing"])
        #expect(replies.first?.recordID == caseID)
    }

    @Test func anOpenDealLeftAloneForTwoWeeksIsIdle() throws {
        let (a, _, ana, bo, _) = try team()
        let stage = try #require(try a.store.stages().first { $0.kind == .open })
        let amount = FieldValue.money(Money(minorUnits: 100_000, currency: try Currency("EUR")))
        let quiet = try a.store.create(
            .deal,
            [
                "title": .text("Acme rollout"), "amount": amount, "stage_id": .text(stage.id.rawValue),
                "owner_id": .text(ana.rawValue),
            ])
        let busy = try a.store.create(
            .deal,
            [
                "title": .text("Globex"), "amount": amount, "stage_id": .text(stage.id.rawValue),
                "owner_id": .text(ana.rawValue),
            ])
        try a.store.create(
            .deal,
            [
                "title": .text("Bo's"), "amount": amount, "stage_id": .text(stage.id.rawValue),
                "owner_id": .text(bo.rawValue),
            ])
        a.advance(minutes: 10 * 1440)
        try a.store.create(
            .activity, ["kind": .text("call"), "subject": .text("Check-in"), "deal_id": .text(busy.rawValue)])
        #expect(try a.store.notifications().isEmpty)
        a.advance(minutes: 5 * 1440)
        let idle = try a.store.notifications()
        #expect(idle.map(\.recordID) == [quiet])
        #expect(idle.first?.why == "no edit or activity for 15 d")
        #expect(idle.first?.reason == .dealIdle)
        // Touching it ends the spell; two quiet weeks later it is a new notification.
        try a.store.markNotifications(idle.map(\.id), .dismissed)
        try a.store.update(.deal, id: quiet, ["probability": .integer(60)])
        a.advance(minutes: 15 * 1440)
        let again = try a.store.notifications().filter { $0.recordID == quiet }
        #expect(again.count == 1)
        #expect(again.first?.state == .unread)
        #expect(again.first?.id != idle.first?.id)
    }
}
