// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore

/// Writes the pull answer (`PullResponse`, SYNC.md) straight into a buffer, splicing each change's
/// stored JSON value in as it is.
///
/// The bytes are the ones `WireCoding.encoder()` makes of the same `PullResponse` with decoded
/// values: keys in sorted order, `null` for an absent `base_hlc` or `field`, strings escaped as
/// Foundation's encoder escapes them (`JSONText.appendQuoted`). `PullWireFormatTests` compares
/// the two byte for byte.
enum PullResponseWriter {
    /// The answer; with `rows`, in the compact format (`PullRows`, asked for with `format=rows`),
    /// and with `shorthand` too, with its shorthands (`format=rows2`).
    static func write(_ page: PullPage, serverTime: Int64, rows: Bool = false, shorthand: Bool = false)
        -> ByteBuffer
    {
        var capacity = 128 + page.epoch.utf8.count
        for change in page.changes { capacity += 320 + change.valueJSON.utf8.count }
        var out = ByteBufferAllocator().buffer(capacity: capacity)
        out.writeStaticString(rows ? "{\"rows\":[" : "{\"changes\":[")
        for (index, change) in page.changes.enumerated() {
            if index > 0 { out.writeInteger(UInt8(ascii: ",")) }
            if rows {
                let previous = index > 0 ? page.changes[index - 1] : nil
                PullRowWriter.write(change, after: previous, shorthand: shorthand, to: &out)
            } else {
                write(change, to: &out)
            }
        }
        out.writeStaticString("],\"epoch\":")
        writeString(page.epoch, to: &out)
        out.writeStaticString(page.hasMore ? ",\"has_more\":true" : ",\"has_more\":false")
        out.writeStaticString(",\"min_retained_seq\":")
        out.writeString(String(page.minRetainedSeq))
        out.writeStaticString(",\"next_after\":")
        out.writeString(String(page.nextAfter))
        out.writeStaticString(",\"server_time\":")
        out.writeString(String(serverTime))
        out.writeStaticString(",\"team_version\":")
        out.writeString(String(page.teamVersion))
        out.writeStaticString("}")
        return out
    }

    /// One change, keys in `WireChange.CodingKeys`' sorted order.
    static func write(_ change: StoredChange, to out: inout ByteBuffer) {
        out.writeStaticString("{\"base_hlc\":")
        writeOptionalString(change.baseHLC, to: &out)
        out.writeStaticString(",\"change_id\":")
        writeString(change.changeID, to: &out)
        out.writeStaticString(",\"device_id\":")
        writeString(change.deviceID, to: &out)
        out.writeStaticString(",\"device_seq\":")
        out.writeString(String(change.deviceSeq))
        out.writeStaticString(",\"entity\":")
        writeString(change.entity, to: &out)
        out.writeStaticString(",\"entity_id\":")
        writeString(change.entityID, to: &out)
        out.writeStaticString(",\"field\":")
        writeOptionalString(change.field, to: &out)
        out.writeStaticString(",\"hlc\":")
        writeString(change.hlc, to: &out)
        out.writeStaticString(",\"op\":")
        writeString(change.op.rawValue, to: &out)
        out.writeStaticString(",\"seq\":")
        out.writeString(String(change.seq))
        out.writeStaticString(",\"tx_id\":")
        out.writeString(String(change.txID))
        out.writeStaticString(",\"user_id\":")
        writeString(change.userID, to: &out)
        out.writeStaticString(",\"value\":")
        out.writeString(change.valueJSON)
        out.writeStaticString("}")
    }

    static func writeOptionalString(_ text: String?, to out: inout ByteBuffer) {
        if let text { writeString(text, to: &out) } else { out.writeStaticString("null") }
    }

    /// A JSON string literal, escaped as `JSONEncoder` escapes it (`JSONText.appendQuoted`).
    static func writeString(_ text: String, to out: inout ByteBuffer) {
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            var quoted = ""
            JSONText.appendQuoted(text, to: &quoted)
            out.writeString(quoted)
        } else {
            out.writeInteger(UInt8(ascii: "\""))
            out.writeString(text)
            out.writeInteger(UInt8(ascii: "\""))
        }
    }
}
