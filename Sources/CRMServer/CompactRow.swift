// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// A change's members as a `format=rows2` row writes them (`PullRowWriter`), encoded once, in one
/// array of bytes, when the change is made.
///
/// What a row's member is depends on the row before it only by comparison: `null` for an id, an
/// entity or an op that is the row before's, `null` or a shortened clock when the clock follows
/// the row before's. So each member is encoded here once (the ids without dashes, the strings
/// quoted), and a pull compares and copies bytes. Every pulled change used to be encoded again
/// for each of the about nineteen devices of its tenant that pull it: eight strings read (each a
/// retain and a release), four ids checked for their canonical form, a clock parsed.
///
/// Members compare by their encoded bytes. Those are what the reader decodes, so a member left
/// `null` decodes to what it would have decoded to whole.
struct CompactRow: Sendable {
    /// The members in `Member` order, one after another.
    let bytes: [UInt8]
    /// Where they lie, and what the clock allows.
    let layout: Layout

    /// Where the members lie in `bytes`, and what the clock allows: plain values, copied without
    /// a retain while a row is written.
    struct Layout: Sendable {
        /// Where each member ends in `bytes`.
        let ends: InlineArray<9, UInt32>
        /// The clock's counter (`HLCShorthand.counter`), or -1 when the clock is not of the usual form.
        let counter: Int32
        /// Whether the clock's device part is its writer's, so that it may go shortened or as
        /// `null` (`HLCShorthand.Form`), and it has nothing to escape (a clock that has goes whole,
        /// which decodes to the same clock).
        let shortens: Bool

        /// Where `member` lies in `bytes`.
        @inline(__always)
        func range(_ member: Member) -> Range<Int> {
            let start = member.rawValue == 0 ? 0 : Int(ends[member.rawValue - 1])
            return start..<Int(ends[member.rawValue])
        }
    }

    /// The members, in the order of `bytes`.
    ///
    /// The clock is kept whole (quoted): the row writes it so, its first 29 characters, or `null`.
    enum Member: Int {
        case changeID, device, user, entity, entityID, op, field, clock, value
    }

    init(_ columns: StoredChange.Columns) {
        var out = ByteBufferAllocator().buffer(capacity: 200 + columns.valueJSON.utf8.count)
        var ends = InlineArray<9, UInt32>(repeating: 0)
        func end(_ member: Member) { ends[member.rawValue] = UInt32(out.writerIndex) }
        Self.writeID(columns.changeID, to: &out)
        end(.changeID)
        Self.writeID(columns.deviceID, to: &out)
        end(.device)
        Self.writeID(columns.userID, to: &out)
        end(.user)
        PullResponseWriter.writeString(columns.entity, to: &out)
        end(.entity)
        Self.writeID(columns.entityID, to: &out)
        end(.entityID)
        PullResponseWriter.writeString(columns.op.rawValue, to: &out)
        end(.op)
        PullResponseWriter.writeOptionalString(columns.field, to: &out)
        end(.field)
        PullResponseWriter.writeString(columns.hlc, to: &out)
        end(.clock)
        out.writeString(columns.valueJSON)
        end(.value)
        bytes = Array(out.readableBytesView)
        var hlc = columns.hlc
        layout = hlc.withUTF8 { clock in
            // A clock the member must escape goes whole: the writer shortens the quoted text.
            let plain = !PullResponseWriter.needsEscaping(clock)
            return Layout(
                ends: ends, counter: Int32(HLCShorthand.counter(ofClock: clock) ?? -1),
                shortens: plain && HLCShorthand.form(clock, device: columns.deviceID, after: nil) != .whole)
        }
    }

    /// An id as `IDShorthand.member` gives it, quoted, copied from the string's bytes without
    /// building the shortened string: in one write of its 34 bytes, which cost a third of five
    /// writes of the pieces between the dashes.
    static func writeID(_ id: String, to out: inout ByteBuffer) {
        var text = id
        let written = text.withUTF8 { bytes in
            out.writeWithUnsafeMutableBytes(minimumWritableBytes: 34) { target in
                guard IDShorthand.isCanonical(bytes) else { return 0 }
                target[0] = UInt8(ascii: "\"")
                let count = IDShorthand.copyDigits(of: bytes, to: UnsafeMutableRawBufferPointer(rebasing: target[1...]))
                target[count + 1] = UInt8(ascii: "\"")
                return count + 2
            }
        }
        if written == 0 { PullResponseWriter.writeString(id, to: &out) }
    }
}
