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
            out.writeString(String(change.seq))
        }
        out.writeInteger(UInt8(ascii: ","))
        func id(_ text: String) -> String { shorthand ? IDShorthand.member(text) : text }
        func same(_ text: String) -> String { text }
        PullResponseWriter.writeString(id(change.changeID), to: &out)
        repeated(change.deviceID, previous?.deviceID, id, to: &out)
        repeated(change.userID, previous?.userID, id, to: &out)
        repeated(change.entity, previous?.entity, same, to: &out)
        repeated(change.entityID, previous?.entityID, id, to: &out)
        repeated(change.op.rawValue, previous?.op.rawValue, same, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        PullResponseWriter.writeOptionalString(change.field, to: &out)
        out.writeInteger(UInt8(ascii: ","))
        if shorthand {
            let before = previous.map { ($0.hlc, $0.deviceID) }
            PullResponseWriter.writeOptionalString(
                HLCShorthand.member(change.hlc, device: change.deviceID, after: before), to: &out)
        } else {
            PullResponseWriter.writeString(change.hlc, to: &out)
        }
        out.writeInteger(UInt8(ascii: ","))
        out.writeString(change.valueJSON)
        out.writeInteger(UInt8(ascii: "]"))
    }

    /// `,null` when `text` is the row before's, else `,"text"` (as `form` writes it).
    static func repeated(_ text: String, _ before: String?, _ form: (String) -> String, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: ","))
        if text == before {
            out.writeStaticString("null")
        } else {
            PullResponseWriter.writeString(form(text), to: &out)
        }
    }
}
