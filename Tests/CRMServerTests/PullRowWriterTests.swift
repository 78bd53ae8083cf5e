// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore
import Testing

@testable import CRMServer

/// The pull writer copies ids, clocks and numbers from their bytes; what it writes must be what
/// `IDShorthand`, `HLCShorthand` and `String` make of the same values, which the decoder expands.
@Suite struct PullRowWriterTests {
    static let device = "9f2c4e1a-7b3d-4e60-8000-0000000000aa"
    static let other = "11111111-2222-4333-8444-555555555555"

    static func written(_ write: (inout ByteBuffer) -> Void) -> String {
        var out = ByteBuffer()
        write(&out)
        return String(buffer: out)
    }

    /// What a `CompactRowWriter` writes at a pointer, as text.
    static func raw(_ write: (inout CompactRowWriter.RawOutput) -> Void) -> String {
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { buffer in
            var raw = CompactRowWriter.RawOutput(target: buffer)
            write(&raw)
            return raw.count
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    static func quoted(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = ""
        JSONText.appendQuoted(text, to: &out)
        return out
    }

    @Test(arguments: [
        device, other, "9F2C4E1A-7B3D-4E60-8000-0000000000AA", "9f2c4e1a7b3d4e6080000000000000aa", "c1", "",
        "9f2c4e1a-7b3d-4e60-8000-0000000000a\"", "9f2c4e1a_7b3d-4e60-8000-0000000000aa", "ü-\n",
    ])
    func idsAreWhatTheShorthandMakes(_ id: String) {
        #expect(
            Self.written { CompactRow.writeID(id, to: &$0) } == Self.quoted(IDShorthand.member(id)))
        #expect(Self.written { PullResponseWriter.writeString(id, to: &$0) } == Self.quoted(id))
    }

    @Test func clocksAreWhatTheShorthandMakes() {
        let base = HLC(millis: 1_764_000_000_123, counter: 7)
        let clocks = [
            base.wire(deviceID: Self.device), HLC(millis: base.millis, counter: 8).wire(deviceID: Self.device),
            HLC(millis: base.millis, counter: 9).wire(deviceID: Self.other),
            HLC(millis: base.millis + 1, counter: 0).wire(deviceID: Self.device),
            // The next counter a millisecond later: not `null`, the time differs.
            HLC(millis: base.millis + 1, counter: 8).wire(deviceID: Self.device), "not a clock", "quote\"d",
        ]
        for (index, hlc) in clocks.enumerated() {
            for previous in [nil] + clocks.prefix(index).map(Optional.some) {
                for writer in [Self.device, Self.other] {
                    for before in [Self.device, Self.other] {
                        let change = StoredChange(
                            seq: 2, changeID: "c-2", deviceID: writer, deviceSeq: 2, txID: 2, hlc: hlc, baseHLC: nil,
                            entity: "contact", entityID: "c", op: .set, field: "name", valueJSON: "\"v\"", userID: "u")
                        let row = change.with {
                            $0.hlc = hlc
                            $0.deviceID = writer
                        }
                        let last = change.with {
                            $0.hlc = previous ?? ""
                            $0.deviceID = before
                        }
                        let expected = HLCShorthand.member(
                            hlc, device: writer, after: previous.map { (hlc: $0, device: before) })
                        let got = Self.raw { out in
                            row.withCompactRow { layout, bytes in
                                last.withCompactRow { lastLayout, lastBytes in
                                    let rowWriter = CompactRowWriter(
                                        row: layout, bytes: bytes, before: previous == nil ? nil : lastLayout,
                                        beforeBytes: previous == nil ? nil : lastBytes)
                                    rowWriter.writeClock(sameDevice: rowWriter.repeats(.device), to: &out)
                                }
                            }
                        }
                        #expect(got == Self.quoted(expected), "\(hlc) after \(previous ?? "nothing")")
                    }
                }
            }
        }
    }

    @Test(arguments: [0, 7, 10, 99, 1_000_000, Int64.max, -1, Int64.min])
    func numbersAreTheirDecimalText(_ value: Int64) {
        #expect(Self.written { PullResponseWriter.writeDecimal(value, to: &$0) } == String(value))
    }
}
