// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMCore

@Suite struct HLCTests {
    @Test func wireFormatRoundTripsAndSorts() throws {
        let hlc = HLC(millis: 1_764_000_000_123, counter: 1)
        let wire = hlc.wire(deviceID: "9f2c4e1a-7b3d-5e60-aaaa-bbbbccccdddd")
        #expect(wire == "2025-11-24T16:00:00.123Z-0001-9f2c4e1a7b3d5e60")
        #expect(HLC(wire: wire) == hlc)
        let later = HLC(millis: 1_764_000_000_123, counter: 2).wire(deviceID: "00")
        #expect(wire < later)
    }

    /// The byte-by-byte wire form is the one Foundation's formatting made, over years, counters
    /// and device ids of every shape (short, dashed, upper case, empty, non-ASCII).
    @Test func wireFormatIsTheFoundationOne() {
        let devices = ["", "abc", "9F2C4E1A-7B3D-5E60-AAAA-BBBBCCCCDDDD", "----", "0123456789abcdef0123", "dévice-Ä"]
        let millis: [Int64] = [0, 999, 1_764_000_000_123, -1, -86_400_001, 253_402_300_799_999, 253_402_300_800_000]
        for time in millis {
            for counter: UInt16 in [0, 1, 0xabc, 0xffff] {
                let hlc = HLC(millis: time, counter: counter)
                for device in devices {
                    #expect(
                        hlc.wire(deviceID: device) == hlc.foundationWire(deviceID: device),
                        "\(time) \(counter) \(device)")
                }
            }
        }
    }

    /// The in-place parser reads back every clock `wire` writes for years 0–9999, and refuses
    /// what is not one: the cases the string split it replaced refused, and misplaced separators.
    @Test func wireParserReadsEveryWrittenClockAndRefusesMalformedOnes() {
        let millis: [Int64] = [0, 999, 1_764_000_000_123, 253_402_300_799_999]
        for time in millis {
            for counter: UInt16 in [0, 1, 0xabc, 0xffff] {
                let hlc = HLC(millis: time, counter: counter)
                for device in ["", "abc", "9F2C4E1A-7B3D-5E60-AAAA-BBBBCCCCDDDD"] {
                    #expect(HLC(wire: hlc.wire(deviceID: device)) == hlc, "\(time) \(counter) \(device)")
                }
            }
        }
        #expect(HLC(wire: "2025-11-24T16:00:00.123Z-00AB-9f2c") == HLC(millis: 1_764_000_000_123, counter: 0xab))
        #expect(HLC(wire: "2025-11-24T16:00:00.123Z-1-") == HLC(millis: 1_764_000_000_123, counter: 1))
        let malformed = [
            "", "2025-11-24T16:00:00.123Z", "2025-11-24T16:00:00.123Z-0001", "2025-11-24T16:00:00.123Z--9f2c",
            "2025-11-24T16:00:00.123Z-00001-9f2c", "2025-11-24T16:00:00.123Z-00g1-9f2c",
            "2025-11-24T16:00:00.123Z-+001-9f2c", "2025-11-24T16:00:00.123Z-0001-9f2c-dd",
            "2025-11-24X16:00:00.123Z-0001-9f2c", "2025-11-24T16-00:00.123Z-0001-9f2c",
            "2025-11-24T16:00:00.123Y-0001-9f2c", "2025-1a-24T16:00:00.123Z-0001-9f2c",
            "12025-11-24T16:00:00.123Z-0001-9f2c",
        ]
        for text in malformed { #expect(HLC(wire: text) == nil, "\(text)") }
    }

    @Test func tickNeverGoesBackwards() {
        var clock = HybridLogicalClock(last: HLC(millis: 5_000, counter: 3))
        let first = clock.tick(nowMillis: 1_000)  // wall clock set back
        #expect(first == HLC(millis: 5_000, counter: 4))
        let second = clock.tick(nowMillis: 6_000)
        #expect(second == HLC(millis: 6_000, counter: 0))
        clock.observe(HLC(millis: 9_000, counter: 7), nowMillis: 6_001)
        #expect(clock.tick(nowMillis: 6_002) == HLC(millis: 9_000, counter: 8))
    }

    @Test func counterOverflowAdvancesMillis() {
        var clock = HybridLogicalClock(last: HLC(millis: 10, counter: UInt16.max))
        #expect(clock.tick(nowMillis: 10) == HLC(millis: 11, counter: 0))
    }

    @Test func civilTimeRoundTrips() {
        for seconds in [0, 86_399, 951_782_400, 1_764_000_000, -86_400] {
            #expect(CivilTime(unixSeconds: seconds).unixSeconds == seconds)
        }
        #expect(!CivilTime(year: 2026, month: 2, day: 29).isValidDate)
        #expect(CivilTime(year: 2024, month: 2, day: 29).isValidDate)
    }

    @Test func recordIDsAreVersion7AndStableIDsRepeat() {
        let id = RecordID.make()
        #expect(Array(id.rawValue)[14] == "7")
        #expect(RecordID.stable(namespace: "csv", name: "a") == RecordID.stable(namespace: "csv", name: "a"))
        #expect(RecordID.stable(namespace: "csv", name: "a") != RecordID.stable(namespace: "csv", name: "b"))
    }
}
