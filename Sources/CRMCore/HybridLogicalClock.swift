// crm — a terminal-first CRM. Licensed under the MIT License.

/// The rules that advance a device's hybrid logical clock (SYNC.md 3.2).
///
/// A value type: the store keeps the last issued HLC in the same transaction as the write that
/// used it, loads it at start-up, and runs these rules, so a clock set back by the user can
/// never produce an HLC below one already persisted.
///
/// ```swift
/// var clock = HybridLogicalClock(last: persisted)
/// let stamp = clock.tick(nowMillis: wallClockMillis)
/// ```
public struct HybridLogicalClock: Sendable, Equatable {
    /// The last HLC issued or observed.
    public private(set) var last: HLC

    public init(last: HLC = .zero) { self.last = last }

    /// Issues the HLC for a local event at physical time `nowMillis`.
    public mutating func tick(nowMillis: Int64) -> HLC {
        if nowMillis > last.millis {
            last = HLC(millis: nowMillis, counter: 0)
        } else if last.counter == UInt16.max {
            last = HLC(millis: last.millis + 1, counter: 0)
        } else {
            last = HLC(millis: last.millis, counter: last.counter + 1)
        }
        return last
    }

    /// Takes in a remote HLC seen on pull: afterwards every local tick is above it.
    public mutating func observe(_ remote: HLC, nowMillis: Int64) {
        if remote > last { last = remote }
        if nowMillis > last.millis { last = HLC(millis: nowMillis, counter: 0) }
    }
}
