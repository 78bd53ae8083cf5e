// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// One change of a pull answer as a row of the compact format (`PullRows` in CRMSync, which
/// decodes it): `[seq, change_id, device_id, user_id, entity, entity_id, op, field, hlc, value]`,
/// with `null` for each of the five repeatable members that equals the row before's, and the
/// stored value spliced in as text, as `PullResponseWriter` does for objects.
enum PullRowWriter {
    /// One row after `previous`.
    ///
    /// With `shorthand` (`format=rows2`), a seq that is the row before's plus one is `null`, the
    /// clock is shortened as `HLCShorthand` says and the ids go without dashes (`IDShorthand`).
    static func write(_ change: StoredChange, after previous: StoredChange?, shorthand: Bool, to out: inout ByteBuffer)
    {
        out.writeInteger(UInt8(ascii: "["))
        if shorthand, let previous, previous.seq + 1 == change.seq {
            out.writeStaticString("null")
        } else {
            PullResponseWriter.writeDecimal(change.seq, to: &out)
        }
        out.writeInteger(UInt8(ascii: ","))
        writeID(change.changeID, shorthand: shorthand, to: &out)
        repeated(change.deviceID, previous?.deviceID, id: shorthand, to: &out)
        repeated(change.userID, previous?.userID, id: shorthand, to: &out)
        repeated(change.entity, previous?.entity, id: false, to: &out)
        repeated(change.entityID, previous?.entityID, id: shorthand, to: &out)
        repeated(change.op.rawValue, previous?.op.rawValue, id: false, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        PullResponseWriter.writeOptionalString(change.field, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        if shorthand {
            writeClock(change, after: previous, to: &out)
        } else {
            PullResponseWriter.writeString(change.hlc, to: &out)
        }
        out.writeInteger(UInt8(ascii: ","))
        out.writeString(change.valueJSON)
        out.writeInteger(UInt8(ascii: "]"))
    }

    /// `,null` when `text` is the row before's, else `,"text"` (an id shortened with `id`).
    static func repeated(_ text: String, _ before: String?, id: Bool, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: ","))
        if text == before {
            out.writeStaticString("null")
        } else {
            writeID(text, shorthand: id, to: &out)
        }
    }

    /// An id as `IDShorthand.member` gives it with `shorthand`, copied from the string's bytes
    /// without building the shortened string (four ids a row).
    static func writeID(_ id: String, shorthand: Bool, to out: inout ByteBuffer) {
        guard shorthand else { return PullResponseWriter.writeString(id, to: &out) }
        var text = id
        let written = text.withUTF8 { bytes -> Bool in
            guard IDShorthand.isCanonical(bytes) else { return false }
            out.writeInteger(UInt8(ascii: "\""))
            var start = 0
            for dash in IDShorthand.dashPlaces {
                out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<dash])))
                start = dash + 1
            }
            out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
            out.writeInteger(UInt8(ascii: "\""))
            return true
        }
        if !written { PullResponseWriter.writeString(id, to: &out) }
    }

    /// The clock as `HLCShorthand.member` gives it, decided and copied on the string's bytes.
    static func writeClock(_ change: StoredChange, after previous: StoredChange?, to out: inout ByteBuffer) {
        let before = previous?.deviceID == change.deviceID ? previous?.hlc : nil
        let form = HLCShorthand.form(of: change.hlc, device: change.deviceID, after: before)
        guard form != .null else {
            out.writeStaticString("null")
            return
        }
        var hlc = change.hlc
        hlc.withUTF8 { bytes in
            PullResponseWriter.writeQuoted(
                form == .short ? UnsafeBufferPointer(rebasing: bytes[..<29]) : bytes, to: &out)
        }
    }
}
