// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// When each of a lane's clients syncs next: slots of `tick`, turned by one timer.
///
/// A NIO scheduled task per sync costs a promise, a closure and a heap of every client's next sync
/// kept in order (its sift retains each task it moves): 5 % of crm-load's CPU at 2,000 clients.
/// A sync starts within a tick of its time, which moves no request's measured latency (that is
/// taken from the write of the request), and the syncs due in one tick start in one wake-up.
struct TimerWheel {
    /// The width of a slot.
    static let tick = TimeAmount.milliseconds(10)

    private var slots: [[LoadClient]]
    /// The start of the slot at `cursor`.
    private var start = NIODeadline.uptimeNanoseconds(0)
    private var cursor = 0
    private var count = 0

    /// A wheel for wake-ups at most `span` ahead: a client's next sync is never more than one
    /// interval away. A later one would be filed in the last slot and start early.
    init(span: TimeAmount) {
        slots = Array(repeating: [], count: Int(span.nanoseconds / Self.tick.nanoseconds) + 2)
    }

    /// Whether clients are waiting, so the wheel must keep turning.
    var isTurning: Bool { count > 0 }

    /// Files `client` for `deadline`; true when the wheel was empty and needs a timer again.
    mutating func add(_ client: LoadClient, at deadline: NIODeadline, now: NIODeadline) -> Bool {
        let wasEmpty = count == 0
        if wasEmpty {
            start = now
            cursor = 0
        }
        let ahead = max(0, Int((deadline - start).nanoseconds / Self.tick.nanoseconds))
        slots[(cursor + min(ahead, slots.count - 1)) % slots.count].append(client)
        count += 1
        return wasEmpty
    }

    /// The clients whose slot has begun by `now`, taken off the wheel.
    mutating func due(now: NIODeadline) -> [LoadClient] {
        var woken: [LoadClient] = []
        while count > woken.count, start <= now {
            woken += slots[cursor]
            slots[cursor].removeAll(keepingCapacity: true)
            cursor = (cursor + 1) % slots.count
            start = start + Self.tick
        }
        count -= woken.count
        return woken
    }
}
