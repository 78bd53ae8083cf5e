// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Synchronization
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// The status line's refresh every five seconds recomputes the notifications only when the data
/// moved or a minute passed; `R`, an undo and the notification centre always reload them.
@MainActor @Suite struct NotificationRefreshTests {
    final class Clock: Sendable {
        let millis = Mutex(Fixture.now)
        func advance(seconds: Int64) { millis.withLock { $0 += seconds * 1000 } }
    }

    func context(_ source: InMemoryDataSource, _ clock: Clock) -> AppContext {
        AppContext(source: source, runner: ImmediateRunner(), clock: { clock.millis.withLock { $0 } })
    }

    func refresh(_ context: AppContext, forced: Bool) {
        context.refreshSession(forced: forced)
        for job in context.mailbox.take() { job() }
    }

    @Test func anUnchangedSourceIsNotRecomputedUntilAMinutePasses() {
        let source = InMemoryDataSource(Fixture.model())
        let clock = Clock()
        let context = context(source, clock)
        refresh(context, forced: true)
        let loaded = context.notifications
        refresh(context, forced: false)
        clock.advance(seconds: 5)
        refresh(context, forced: false)
        #expect(source.notificationLoads.withLock { $0 } == 1)
        #expect(context.notifications == loaded)
        clock.advance(seconds: 60)
        refresh(context, forced: false)
        #expect(source.notificationLoads.withLock { $0 } == 2)
    }

    @Test func aWriteOrAForcedRefreshReloadsAtOnce() throws {
        let source = InMemoryDataSource(Fixture.model())
        let context = context(source, Clock())
        refresh(context, forced: true)
        _ = try source.create(.contact, fields: ["name": "Zoë New"])
        refresh(context, forced: false)
        #expect(source.notificationLoads.withLock { $0 } == 2)
        refresh(context, forced: true)
        #expect(source.notificationLoads.withLock { $0 } == 3)
    }
}
