// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMAnalytics
import CRMCore
import CRMStore
import Foundation
import Testing

@Suite struct ServiceMetricsTests {
    /// Four cases opened around T = 2026-11-24T09:00Z, looked at T+5h (Docs/ANALYTICS.md works them by hand).
    static func cases() throws -> TestStore {
        let test = try TestStore(now: at("2026-11-24T09:00:00Z"))
        let store = test.store
        // 1: urgent (1 h / 4 h); replied at +30 min; pending +1 h to +3 h; solved at +5 h, before the due
        // that the pause pushed from +4 h to +6 h.
        let paused = try store.openCase(["subject": .text("Paused"), "priority": .text("urgent")])
        // 2: high (4 h / 1 d), never answered: first response breached at +4 h.
        try store.openCase(["subject": .text("Silent"), "priority": .text("high")])
        // 3: normal, pending since +1 h: the resolution clock is paused, so it is ok.
        let waiting = try store.openCase(["subject": .text("Waiting"), "priority": .text("normal")])
        // 4: low (2 d / 7 d) opened 40 h before T: 3 h of 48 h left for the first response: at risk.
        try store.openCase(["subject": .text("Old"), "priority": .text("low"), "created_at": .integer(at("2026-11-22T17:00:00Z"))])
        test.now = at("2026-11-24T09:30:00Z")
        try store.replyToCase(paused, text: "On it")
        test.now = at("2026-11-24T10:00:00Z")
        try store.setCaseStatus(paused, .pending)
        try store.setCaseStatus(waiting, .pending)
        test.now = at("2026-11-24T12:00:00Z")
        try store.setCaseStatus(paused, .open)
        test.now = at("2026-11-24T14:00:00Z")
        try store.setCaseStatus(paused, .solved)
        return test
    }

    @Test func casesByStatusAndPriority() throws {
        let service = try Self.cases().snapshot(now: "2026-11-24T14:00:00Z").service
        #expect(service.total == 4)
        #expect(service.byStatus == [.new: 2, .open: 0, .pending: 1, .solved: 1, .closed: 0])
        #expect(service.byPriority == [.urgent: 1, .high: 1, .normal: 1, .low: 1])
    }

    @Test func complianceBreachedAndAtRisk() throws {
        let service = try Self.cases().snapshot(now: "2026-11-24T14:00:00Z").service
        #expect(service.firstResponse == SLACompliance(met: 1, breached: 1, atRisk: 1, ok: 1))
        #expect(service.firstResponse.rate == 0.5)
        #expect(service.resolution == SLACompliance(met: 1, breached: 0, atRisk: 0, ok: 3))
        #expect(service.resolution.rate == 1.0)
        #expect(service.breached == 1)
        #expect(service.atRisk == 1)
    }

    @Test func meanTimesExcludeThePendingPause() throws {
        let service = try Self.cases().snapshot(now: "2026-11-24T14:00:00Z").service
        #expect(service.meanFirstResponseMinutes == 30)
        // Solved 5 h after opening, 2 h of it pending: 3 h of work.
        #expect(service.meanResolutionMinutes == 180)
    }

    @Test func overdueTasksPerOwner() throws {
        let test = try TestStore(now: at("2026-11-24T09:00:00Z"))
        let ana = try test.user("Ana")
        let task = { (due: String, owner: RecordID?, done: Bool) in
            var fields: [String: FieldValue] = [
                "kind": .text("task"), "subject": .text("Follow up"), "due_at": .integer(at(due)), "done": .bool(done),
            ]
            if let owner { fields["owner_id"] = .text(owner.rawValue) }
            try test.store.create(.activity, fields)
        }
        try task("2026-11-20T09:00:00Z", ana, false)
        try task("2026-11-23T09:00:00Z", ana, false)
        try task("2026-11-22T09:00:00Z", ana, true)
        try task("2026-11-25T09:00:00Z", ana, false)
        try task("2026-11-24T08:59:00Z", nil, false)
        let overdue = try test.snapshot(now: "2026-11-24T09:00:00Z").overdueTasks
        #expect(overdue.map(\.name) == ["Ana", "(no owner)"])
        #expect(overdue.map(\.count) == [2, 1])
        #expect(overdue.map(\.oldestDue) == [at("2026-11-20T09:00:00Z"), at("2026-11-24T08:59:00Z")])
    }
}
