// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

/// The last-writer-wins order the server's merge and every device's applier share.
@Suite struct WriteStampTests {
    static let early = HLC(millis: 1_764_000_000_000, counter: 0)
    static let late = HLC(millis: 1_764_000_000_000, counter: 1)

    @Test func theLaterClockWinsWhateverTheDevice() {
        #expect(WriteStamp(hlc: Self.late, deviceID: "a").beats(WriteStamp(hlc: Self.early, deviceID: "z")))
        #expect(!WriteStamp(hlc: Self.early, deviceID: "z").beats(WriteStamp(hlc: Self.late, deviceID: "a")))
    }

    @Test func onATieTheGreaterDeviceWinsOnEveryReplica() {
        let a = WriteStamp(hlc: Self.late, deviceID: "a")
        let b = WriteStamp(hlc: Self.late, deviceID: "b")
        #expect(b.beats(a) && !a.beats(b))
    }

    @Test func theSameWriteAgainDoesNotWin() {
        let stamp = WriteStamp(hlc: Self.late, deviceID: "a")
        #expect(!stamp.beats(stamp))
    }
}
