// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// One change of a pull answer as a row of the compact format (`PullRows` in CRMSync, which
/// decodes it): `[seq, change_id, device_id, user_id, entity, entity_id, op, field, hlc, value]`,
/// with `null` for each of the five repeatable members that equals the row before's, and the
/// stored value spliced in as text, as `PullResponseWriter` does for objects.
enum PullRowWriter {
    /// The rows the page's reader may see, comma-separated, each after the one before it.
    ///
    /// With `shorthand` (`format=rows2`), a seq that is the row before's plus one is `null`, the
    /// clock is shortened as `HLCShorthand` says and the ids go without dashes (`IDShorthand`):
    /// each row is then copied from the members its change encoded when it was made (`CompactRow`).
    static func write(_ page: PullPage, shorthand: Bool, to out: inout ByteBuffer) {
        // Each row, and the row before, read in place, through a pointer: as copies they cost a
        // retain and a release each, on objects every pull of the tenant shares.
        var previous: UnsafePointer<StoredChange>?
        page.forEachVisible { row in
            if previous != nil { out.writeInteger(UInt8(ascii: ",")) }
            if shorthand {
                writeCompact(row.pointee, after: previous, to: &out)
            } else {
                write(row.pointee, after: previous, to: &out)
            }
            previous = row
        }
    }

    /// One row of `format=rows` after `previous`: every member whole but the five repeatable ones.
    static func write(_ change: StoredChange, after previous: UnsafePointer<StoredChange>?, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "["))
        PullResponseWriter.writeDecimal(change.seq, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        PullResponseWriter.writeString(change.changeID, to: &out)
        repeated(change.deviceID, previous?.pointee.deviceID, to: &out)
        repeated(change.userID, previous?.pointee.userID, to: &out)
        repeated(change.entity, previous?.pointee.entity, to: &out)
        repeated(change.entityID, previous?.pointee.entityID, to: &out)
        repeated(change.op.rawValue, previous?.pointee.op.rawValue, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        PullResponseWriter.writeOptionalString(change.field, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        PullResponseWriter.writeString(change.hlc, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        out.writeString(change.valueJSON)
        out.writeInteger(UInt8(ascii: "]"))
    }

    /// One row of `format=rows2` after `previous`, from the two changes' encoded members.
    static func writeCompact(
        _ change: StoredChange, after previous: UnsafePointer<StoredChange>?, to out: inout ByteBuffer
    ) {
        let seq = change.seq
        change.withCompactRow { row, bytes in
            guard let previous else {
                return CompactRowWriter(row: row, bytes: bytes).write(seq: seq, beforeSeq: nil, to: &out)
            }
            let beforeSeq = previous.pointee.seq
            previous.pointee.withCompactRow { before, beforeBytes in
                CompactRowWriter(row: row, bytes: bytes, before: before, beforeBytes: beforeBytes)
                    .write(seq: seq, beforeSeq: beforeSeq, to: &out)
            }
        }
    }

    /// `,null` when `text` is the row before's, else `,"text"`.
    static func repeated(_ text: String, _ before: String?, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: ","))
        if text == before {
            out.writeStaticString("null")
        } else {
            PullResponseWriter.writeString(text, to: &out)
        }
    }
}
