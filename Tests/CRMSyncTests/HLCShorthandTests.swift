// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

/// The clock shorthand of the row formats: what is left out is exactly what the reader derives,
/// and a clock not written the usual way travels whole.
@Suite struct HLCShorthandTests {
    static let one = "9f2c4e1a-7b3d-4e60-8a1b-0c2f5e8a9d10"
    static let two = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

    static func wire(_ millis: Int64, _ counter: UInt16, _ device: String = one) -> String {
        HLC(millis: 1_764_000_000_000 + millis, counter: counter).wire(deviceID: device)
    }

    @Test(
        arguments: [
            // (clock, its device, the row before's clock and device, what the row carries)
            (wire(0, 1), one, (wire(0, 0), one), nil),
            (wire(0, 1), one, nil, "2025-11-24T16:00:00.000Z-0001"),
            (wire(0, 1), one, (wire(0, 0), two), "2025-11-24T16:00:00.000Z-0001"),
            (wire(1, 0), one, (wire(0, 0xffff), one), "2025-11-24T16:00:00.001Z-0000"),
            (wire(0, 3), one, (wire(0, 1), one), "2025-11-24T16:00:00.000Z-0003"),
            (wire(0, 1, two), one, (wire(0, 0), one), wire(0, 1, two)),
            (wire(0, 1, "AB-cd"), "AB-cd", nil, "2025-11-24T16:00:00.000Z-0001"),
            (wire(0, 1, "AB-cd"), "AB-ce", nil, wire(0, 1, "AB-cd")),
            ("2025-11-24T16:00:00.000Z-0001-DEVICE", one, nil, "2025-11-24T16:00:00.000Z-0001-DEVICE"),
        ] as [(String, String, (String, String)?, String?)])
    func aClockGoesAsLittleAsTheReaderNeeds(hlc: String, device: String, previous: (String, String)?, member: String?) {
        let carried = HLCShorthand.member(hlc, device: device, after: previous.map { (hlc: $0.0, device: $0.1) })
        #expect(carried == member)
        #expect(HLCShorthand.expand(carried, device: device, after: previous?.0) == hlc)
    }

    /// `null` with no clock of the usual form before it stands for nothing; text that is no clock
    /// goes through as it is, for the validators to refuse by name.
    @Test func aMemberThatStandsForNoClockIsNil() {
        #expect(HLCShorthand.expand(nil, device: Self.one, after: nil) == nil)
        #expect(HLCShorthand.expand(nil, device: Self.one, after: "not a clock") == nil)
        #expect(HLCShorthand.expand(nil, device: Self.one, after: Self.wire(0, 0xffff)) == nil)
        #expect(
            HLCShorthand.expand("2025-11-24T16:00:00.000Z-zz", device: Self.one, after: nil)
                == "2025-11-24T16:00:00.000Z-zz")
        #expect(
            HLCShorthand.expand("2025-11-24T16:00:00.000Z-1-ab", device: Self.one, after: nil)
                == "2025-11-24T16:00:00.000Z-1-ab")
    }
}
