// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import Testing

@testable import crm_load

/// The lane's timer wheel: what is filed comes out once its slot has begun, in time order, and
/// the wheel says when to turn next.
@Suite struct TimerWheelTests {
    let zero = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func at(_ milliseconds: Int64) -> NIODeadline { zero + .milliseconds(milliseconds) }

    @Test func clientsComeOutWhenTheirSlotBegins() {
        var wheel = TimerWheel<Int>(span: .seconds(10))
        #expect(wheel.tick == .milliseconds(1))
        #expect(wheel.add(1, at: at(5), now: zero) == at(5))
        #expect(wheel.add(2, at: at(2), now: zero) == at(2))
        #expect(wheel.add(3, at: at(2) + .microseconds(500), now: zero) == at(2))
        #expect(wheel.next() == at(2))
        #expect(wheel.due(now: at(1)).isEmpty)
        #expect(wheel.due(now: at(2)) == [2, 3])
        #expect(wheel.next() == at(5))
        #expect(wheel.due(now: at(9_000)) == [1])
        #expect(wheel.next() == nil)
    }

    @Test func aWheelLeftAloneStillReachesAFullSpanAhead() {
        var wheel = TimerWheel<Int>(span: .seconds(1))
        _ = wheel.add(1, at: at(10), now: zero)
        _ = wheel.add(9, at: at(1_000), now: zero)
        _ = wheel.due(now: at(10))
        // 890 ms later, with no turn in between, a client due a whole span ahead keeps its time.
        #expect(wheel.add(3, at: at(1_900), now: at(900)) == at(1_900))
        #expect(wheel.due(now: at(1_000)) == [9])
        #expect(wheel.due(now: at(1_899)).isEmpty)
        #expect(wheel.due(now: at(1_900)) == [3])
    }

    @Test func aDeadlineInThePastIsDueAtOnce() {
        var wheel = TimerWheel<Int>(span: .seconds(1))
        #expect(wheel.add(7, at: zero - .seconds(5), now: zero) == zero)
        #expect(wheel.due(now: zero) == [7])
    }

    @Test func longIntervalsGetWiderSlots() {
        #expect(TimerWheel<Int>(span: .seconds(600)).tick == .milliseconds(10))
    }
}
