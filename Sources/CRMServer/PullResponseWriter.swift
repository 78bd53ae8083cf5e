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
        // An estimate: reading each change's value to sum their lengths retained every change's
        // storage, shared with every other pull of the tenant; a larger answer grows the buffer.
        var out = ByteBufferAllocator().buffer(capacity: 256 + page.epoch.utf8.count + page.count * 192)
        out.writeStaticString(rows ? "{\"rows\":[" : "{\"changes\":[")
        if rows {
            PullRowWriter.write(page, shorthand: shorthand, to: &out)
        } else {
            var first = true
            page.forEachVisible { change in
                if !first { out.writeInteger(UInt8(ascii: ",")) }
                first = false
                write(change.pointee, to: &out)
            }
        }
        out.writeStaticString("],\"epoch\":")
        writeString(page.epoch, to: &out)
        out.writeStaticString(page.hasMore ? ",\"has_more\":true" : ",\"has_more\":false")
        out.writeStaticString(",\"min_retained_seq\":")
        writeDecimal(page.minRetainedSeq, to: &out)
        out.writeStaticString(",\"next_after\":")
        writeDecimal(page.nextAfter, to: &out)
        out.writeStaticString(",\"server_time\":")
        writeDecimal(serverTime, to: &out)
        out.writeStaticString(",\"team_version\":")
        writeDecimal(page.teamVersion, to: &out)
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
        writeDecimal(change.deviceSeq, to: &out)
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
        writeDecimal(change.seq, to: &out)
        out.writeStaticString(",\"tx_id\":")
        writeDecimal(change.txID, to: &out)
        out.writeStaticString(",\"user_id\":")
        writeString(change.userID, to: &out)
        out.writeStaticString(",\"value\":")
        out.writeString(change.valueJSON)
        out.writeStaticString("}")
    }

    static func writeOptionalString(_ text: String?, to out: inout ByteBuffer) {
        if let text { writeString(text, to: &out) } else { out.writeStaticString("null") }
    }

    /// Whether the UTF-8 of a string holds a byte a JSON string literal escapes: a control
    /// character, a quote or a backslash.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
    }

    /// The UTF-8 of a string as a JSON string literal, as `writeString` writes the string.
    static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        if needsEscaping(bytes) {
            var quoted = ""
            JSONText.appendQuoted(String(decoding: bytes, as: UTF8.self), to: &quoted)
            out.writeString(quoted)
        } else {
            out.writeInteger(UInt8(ascii: "\""))
            out.writeBytes(UnsafeRawBufferPointer(bytes))
            out.writeInteger(UInt8(ascii: "\""))
        }
    }

    /// A non-negative integer's decimal digits (a negative one as `String` writes it), without
    /// building the string.
    static func writeDecimal(_ value: Int64, to out: inout ByteBuffer) {
        guard value >= 0 else {
            out.writeString(String(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: digits[start...])))
        }
    }

    /// A JSON string literal, escaped as `JSONEncoder` escapes it (`JSONText.appendQuoted`).
    static func writeString(_ text: String, to out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { writeQuoted($0, to: &out) }
    }
}
