// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import CRMTUIStore
import Foundation

/// Drives the real TUI app in memory and times a keystroke to the frame that shows its result.
///
/// It starts the TUI the way `crm tui` does (`Store.open`, `StoreDataSource`, the same `App`
/// with the real `DispatchRunner`) but draws on a `MemoryCanvas`, so the figures cover the
/// app's work (keyset reads, the search on the background queue, the redraw) and not curses
/// output. A keystroke is timed from `App.handle` to the end of the `draw` that reflects it:
/// work done on the key itself (scrolling, opening a record) is handle + draw; for background
/// work (search, dashboard figures) the driver applies the mailbox as soon as a result is
/// posted, as the loop would between key reads, and draws once the result is in.
@MainActor
final class TUIFrameDriver {
    let store: Store
    let app: App
    let canvas: MemoryCanvas

    /// Opens the store at `path` and draws the first frame of `start`: one cold start.
    init(path: String, start: ScreenID, width: Int = 120, height: Int = 40) throws {
        store = try Store.open(path: path)
        app = App(context: AppContext(source: StoreDataSource(store: store), clock: Store.systemNow), start: start)
        canvas = MemoryCanvas(width: width, height: height)
        app.draw(on: canvas)
    }

    /// The contacts screen's list.
    var contacts: VirtualList<ContactRow>? { (app.screen(.contacts) as? RecordListScreen<ContactRow>)?.list }

    /// The open search overlay, if any.
    var search: SearchOverlay? { app.overlay as? SearchOverlay }

    /// Whether the open search has applied the results of the latest query typed.
    var searchSettled: Bool { search.map { $0.appliedGeneration == $0.generation } ?? false }

    /// The record open on top, if any.
    var detail: DetailScreen? { app.topScreen as? DetailScreen }

    /// The dashboard screen.
    var dashboard: DashboardScreen? { app.screen(.dashboard) as? DashboardScreen }

    /// Presses `key`, applies background results until `ready` holds, draws; returns milliseconds.
    func press(_ key: Key, until ready: () -> Bool = { true }) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        app.handle(key)
        try settle(until: ready, waitingFor: key.label)
        app.draw(on: canvas)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// Applies posted background results until `ready` holds; gives up after `timeout` seconds.
    ///
    /// Polls every 0.1 ms rather than spinning, so the background queue keeps a core to itself
    /// on a two-core machine.
    func settle(until ready: () -> Bool, waitingFor what: String, timeout: Double = 60) throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        app.drainMailbox()
        while !ready() {
            guard DispatchTime.now().uptimeNanoseconds < deadline else {
                throw BenchError("the TUI showed no result for \(what) within \(Int(timeout)) s")
            }
            usleep(100)
            app.drainMailbox()
        }
    }

    /// Waits until every background job queued so far (session, notifications, dashboard) has
    /// been applied, so the next figure does not queue behind start-up work, and so a driver
    /// can be dropped without a job still reading its store.
    func idle() throws {
        let done = Flag()
        app.context.background({ () }, then: { _ in done.value = true })
        try settle(until: { done.value }, waitingFor: "start-up work")
    }

    /// Fails unless the contacts list shows rows without an error (a bench over an empty or broken list proves nothing).
    func expectContactRows() throws {
        guard let list = contacts, list.error == nil, !list.rows.isEmpty else {
            throw BenchError("the contacts screen shows no rows: \(contacts?.error ?? "empty")")
        }
    }
}

/// A main-thread flag a background job's result can set.
@MainActor
private final class Flag {
    var value = false
}
