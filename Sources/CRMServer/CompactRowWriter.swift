// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import NIOCore

/// Writes one `format=rows2` row from its change's encoded members (`CompactRow`) and the row
/// before's: compares and copies bytes, reads no string, and reserves the answer's room once a
/// row (a write into the buffer per member cost half the row's time).
struct CompactRowWriter {
    let row: CompactRow.Layout
    let bytes: UnsafeBufferPointer<UInt8>
    var before: CompactRow.Layout?
    var beforeBytes: UnsafeBufferPointer<UInt8>?

    /// `[seq,change_id,device,user,entity,entity_id,op,field,hlc,value]`, the seq `null` when it
    /// is `beforeSeq` plus one.
    func write(seq: Int64, beforeSeq: Int64?, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "["))
        if let beforeSeq, beforeSeq &+ 1 == seq {
            out.writeStaticString("null")
        } else {
            PullResponseWriter.writeDecimal(seq, to: &out)
        }
        // The members, nine commas, a bracket, and `null` (4 bytes) for members of at least 2 (an
        // id, an entity or an op is quoted; the clock): 2 more each for six.
        // Compared once: the device member's `null` and the clock's both ask it.
        let sameDevice = repeats(.device)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count + 24) { target in
            var raw = RawOutput(target: target)
            copy(.changeID, to: &raw)
            copy(.device, unless: sameDevice, to: &raw)
            copyUnlessRepeated(.user, to: &raw)
            copyUnlessRepeated(.entity, to: &raw)
            copyUnlessRepeated(.entityID, to: &raw)
            copyUnlessRepeated(.op, to: &raw)
            copy(.field, to: &raw)
            raw.put(UInt8(ascii: ","))
            writeClock(sameDevice: sameDevice, to: &raw)
            copy(.value, to: &raw)
            raw.put(UInt8(ascii: "]"))
            return raw.count
        }
    }

    /// The clock as `HLCShorthand.member` gives it: `null` when it is the row before's (by the
    /// same device) with the counter one step on, its first 29 characters when its device part is
    /// its writer's, else whole.
    ///
    /// `sameDevice` is whether the device member repeats the row before's (`repeats(.device)`).
    func writeClock(sameDevice: Bool, to raw: inout RawOutput) {
        let clock = row.range(.clock)
        guard row.shortens else { return raw.put(bytes, clock) }
        if let before, let beforeBytes, before.counter >= 0, before.counter + 1 == row.counter, sameDevice {
            // Both quoted; this clock has nothing escaped, so its first 25 characters follow the quote.
            let start = before.range(.clock).lowerBound + 1
            if Self.equal(beforeBytes, start..<start + 25, bytes, clock.lowerBound + 1..<clock.lowerBound + 26) {
                return raw.putNull()
            }
        }
        raw.put(bytes, clock.lowerBound..<clock.lowerBound + 30)
        raw.put(UInt8(ascii: "\""))
    }

    /// Whether `member` is encoded as the row before's is.
    func repeats(_ member: CompactRow.Member) -> Bool {
        guard let before, let beforeBytes else { return false }
        let mine = row.range(member)
        let theirs = before.range(member)
        return Self.equal(bytes, mine, beforeBytes, theirs)
    }

    /// Whether two ranges of bytes hold the same bytes.
    static func equal(
        _ one: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, _ other: UnsafeBufferPointer<UInt8>,
        _ second: Range<Int>
    ) -> Bool {
        guard first.count == second.count else { return false }
        guard let left = UnsafeBufferPointer(rebasing: one[first]).baseAddress,
            let right = UnsafeBufferPointer(rebasing: other[second]).baseAddress
        else { return first.isEmpty }
        return memcmp(left, right, first.count) == 0
    }

    /// `,null` when `member` repeats the row before's, else as `copy` writes it.
    func copyUnlessRepeated(_ member: CompactRow.Member, to raw: inout RawOutput) {
        copy(member, unless: repeats(member), to: &raw)
    }

    /// `,null` when `repeated`, else as `copy` writes `member`.
    func copy(_ member: CompactRow.Member, unless repeated: Bool, to raw: inout RawOutput) {
        if repeated {
            raw.put(UInt8(ascii: ","))
            raw.putNull()
        } else {
            copy(member, to: &raw)
        }
    }

    /// `,` and `member`'s bytes.
    func copy(_ member: CompactRow.Member, to raw: inout RawOutput) {
        raw.put(UInt8(ascii: ","))
        raw.put(bytes, row.range(member))
    }

    /// Bytes written into room enough for them, counted.
    struct RawOutput {
        let target: UnsafeMutableRawBufferPointer
        var count = 0

        mutating func put(_ byte: UInt8) {
            target[count] = byte
            count += 1
        }

        mutating func put(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            UnsafeMutableRawBufferPointer(rebasing: target[count..<count + range.count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(source)[range]))
            count += range.count
        }

        mutating func putNull() {
            UnsafeMutableRawBufferPointer(rebasing: target[count..<count + 4]).copyBytes(from: "null".utf8)
            count += 4
        }
    }
}
