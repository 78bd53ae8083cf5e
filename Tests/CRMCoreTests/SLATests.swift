// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMCore

@Suite struct SLATests {
    let hour: Int64 = 3_600_000
    let created: Int64 = 1_764_000_000_000

    func urgentCase() -> SupportCase {
        var item = SupportCase(id: .make(), num: 1, subject: "S", priority: .urgent, status: .new, createdAt: created)
        item.firstResponseDue = created + hour
        item.resolutionDue = created + 4 * hour
        return item
    }

    @Test func statesOverTime() {
        let item = urgentCase()
        #expect(item.clock(nowMillis: created).firstResponse == .ok)
        // 50 minutes in: 10 of 60 minutes left, under 25%.
        #expect(item.clock(nowMillis: created + 50 * 60_000).firstResponse == .atRisk)
        #expect(item.clock(nowMillis: created + 61 * 60_000).firstResponse == .breached)
        #expect(item.clock(nowMillis: created + 61 * 60_000).overall == .breached)
    }

    @Test func pendingPausesAndResumeShiftsTheDue() {
        var item = urgentCase()
        let pause = CaseWorkflow.changeStatus(item, to: .pending, nowMillis: created + hour)
        #expect(pause["paused_at"] == .integer(created + hour))
        item.status = .pending
        item.pausedAt = created + hour
        // While paused the effective due moves with the clock, so it is never breached.
        #expect(item.clock(nowMillis: created + 10 * hour).resolution == .ok)
        let resume = CaseWorkflow.changeStatus(item, to: .open, nowMillis: created + 3 * hour)
        #expect(resume["resolution_due"] == .integer(created + 6 * hour))
        #expect(resume["paused_ms"] == .integer(2 * hour))
        #expect(resume["paused_at"] == .null)
    }

    @Test func solvingStampsAndReopeningClears() {
        var item = urgentCase()
        #expect(
            CaseWorkflow.changeStatus(item, to: .solved, nowMillis: created + hour)["resolved_at"]
                == .integer(created + hour))
        item.status = .solved
        item.resolvedAt = created + hour
        #expect(CaseWorkflow.changeStatus(item, to: .open, nowMillis: created + 2 * hour)["resolved_at"] == .null)
        #expect(item.clock(nowMillis: created + 9 * hour).resolution == .met)
    }

    @Test func priorityChangeRecomputesFromCreationKeepingPauses() {
        var item = urgentCase()
        item.pausedMillis = hour
        let low = SLAPolicy.defaults.first { $0.priority == .low }
        let fields = CaseWorkflow.changePriority(item, to: .low, policy: low ?? SLAPolicy.defaults[0])
        #expect(fields["first_response_due"] == .integer(created + 48 * hour))
        #expect(fields["resolution_due"] == .integer(created + 7 * 24 * hour + hour))
    }

    @Test func replyMeetsFirstResponseOnce() {
        var item = urgentCase()
        #expect(CaseWorkflow.reply(item, nowMillis: created + 5)["first_response_at"] == .integer(created + 5))
        item.firstResponseAt = created + 5
        item.status = .open
        #expect(CaseWorkflow.reply(item, nowMillis: created + 9).isEmpty)
    }

    @Test func whenParserForms() {
        let now = created  // 2025-11-24T16:00:00Z
        #expect(WhenParser.parse("+2h", nowMillis: now, timeZoneOffsetSeconds: 0) == now + 2 * hour)
        #expect(
            WhenParser.parse("2025-11-25", nowMillis: now, timeZoneOffsetSeconds: 0)
                == HLC.parseISOMillis("2025-11-25T17:00:00.000Z"))
        #expect(
            WhenParser.parse("2025-11-25 09:30", nowMillis: now, timeZoneOffsetSeconds: 3600)
                == HLC.parseISOMillis("2025-11-25T08:30:00.000Z"))
        #expect(
            WhenParser.parse("2025-11-25T09:30:00Z", nowMillis: now, timeZoneOffsetSeconds: 3600)
                == HLC.parseISOMillis("2025-11-25T09:30:00.000Z"))
        #expect(
            WhenParser.parse("tomorrow", nowMillis: now, timeZoneOffsetSeconds: 0)
                == HLC.parseISOMillis("2025-11-25T17:00:00.000Z"))
        #expect(WhenParser.parse("someday", nowMillis: now, timeZoneOffsetSeconds: 0) == nil)
        #expect(WhenParser.parse("2025-13-01", nowMillis: now, timeZoneOffsetSeconds: 0) == nil)
    }
}
