// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// When each of a lane's clients syncs next: slots of `tick`, one timer set for the next slot
/// that holds a client.
///
/// A NIO scheduled task per sync costs a promise, a closure and a place in a heap of every
/// client's next sync (its sift retains each task it moves): about 4 % of crm-load's CPU at 2,000
/// clients. The slots are 1 ms wide (wider only for intervals over a minute), so the syncs due
/// in one slot start in one wake-up. Wider slots bunch the load: with 10 ms slots the server's
/// pull p50 at 2,000 clients was 1.5–2.0 ms against 0.65–0.96 ms with 1 ms slots or the base's
/// task per client, for 0.01 ms less of crm-load's CPU per request (Docs/BENCHMARKS.md,
/// 2026-12-05). A request's latency is measured from its write, so the slot moves when a sync
/// starts, not what it measures.
struct TimerWheel<Element> {
    /// The width of a slot.
    let tick: TimeAmount
    private var slots: [[Element]]
    /// The start of the slot at `cursor`.
    private var start = NIODeadline.uptimeNanoseconds(0)
    private var cursor = 0
    private var count = 0

    /// A wheel for wake-ups at most `span` ahead.
    ///
    /// A client's next sync is never more than one interval away; a later one would be filed in
    /// the last slot and start early.
    init(span: TimeAmount) {
        tick = .nanoseconds(max(1_000_000, span.nanoseconds / 60_000))
        slots = Array(repeating: [], count: Int(span.nanoseconds / tick.nanoseconds) + 2)
    }

    /// Files `client` for `deadline`; returns the start of its slot, when the wheel must turn.
    mutating func add(_ client: Element, at deadline: NIODeadline, now: NIODeadline) -> NIODeadline {
        if count == 0 {
            start = now
            cursor = 0
        }
        // Empty slots already past are skipped first, so the wheel's reach starts at `now`.
        while start + tick <= now, slots[cursor].isEmpty {
            cursor = (cursor + 1) % slots.count
            start = start + tick
        }
        let ahead = min(max(0, Int((deadline - start).nanoseconds / tick.nanoseconds)), slots.count - 1)
        slots[(cursor + ahead) % slots.count].append(client)
        count += 1
        return start + .nanoseconds(tick.nanoseconds * Int64(ahead))
    }

    /// The clients whose slot has begun by `now`, taken off the wheel.
    mutating func due(now: NIODeadline) -> [Element] {
        var woken: [Element] = []
        while count > woken.count, start <= now {
            woken += slots[cursor]
            slots[cursor].removeAll(keepingCapacity: true)
            cursor = (cursor + 1) % slots.count
            start = start + tick
        }
        count -= woken.count
        return woken
    }

    /// The start of the first slot that holds a client, nil when none does.
    func next() -> NIODeadline? {
        guard count > 0 else { return nil }
        var ahead = 0
        while slots[(cursor + ahead) % slots.count].isEmpty { ahead += 1 }
        return start + .nanoseconds(tick.nanoseconds * Int64(ahead))
    }
}
