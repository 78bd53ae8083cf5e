// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore

/// Writes a push body by hand: the bytes `WireCoding.encoder()` makes of the same `PushRequest`
/// (keys sorted, slashes unescaped, strings escaped by `JSONText.appendQuoted`, values as
/// `JSONValue.jsonText`).
///
/// `JSONEncoder` was 7 % of crm-load's CPU (Docs/BENCHMARKS.md, 2026-12-04 evening), spent on the
/// cores the server runs on. A request naming a tenant (which crm-load never sends) goes through
/// the encoder. `PushBodyWriterTests` compares the two byte for byte.
enum PushBodyWriter {
    static func write(_ request: PushRequest) throws -> ByteBuffer {
        ByteBuffer(string: try text(request))
    }

    /// The body as text, which the load loop copies into its request (`RequestBytes.push`).
    static func text(_ request: PushRequest) throws -> String {
        guard request.tenant == nil else {
            return String(decoding: try WireCoding.encoder().encode(request), as: UTF8.self)
        }
        var out = "{\"changes\":["
        for (index, change) in request.changes.enumerated() {
            if index > 0 { out.append(",") }
            append(change, to: &out)
        }
        out.append("],\"device_id\":")
        JSONText.appendQuoted(request.deviceID, to: &out)
        if let epoch = request.epoch {
            out.append(",\"epoch\":")
            JSONText.appendQuoted(epoch, to: &out)
        }
        out.append(",\"protocol\":\(request.protocol),\"schema_version\":\(request.schemaVersion)}")
        return out
    }

    /// One change, keys in sorted order; optional server-side fields only when present.
    static func append(_ change: WireChange, to out: inout String) {
        out.append("{\"base_hlc\":")
        appendOptional(change.baseHLC, to: &out)
        out.append(",\"change_id\":")
        JSONText.appendQuoted(change.changeID, to: &out)
        if let device = change.deviceID {
            out.append(",\"device_id\":")
            JSONText.appendQuoted(device, to: &out)
        }
        out.append(",\"device_seq\":\(change.deviceSeq),\"entity\":")
        JSONText.appendQuoted(change.entity, to: &out)
        out.append(",\"entity_id\":")
        JSONText.appendQuoted(change.entityID, to: &out)
        out.append(",\"field\":")
        appendOptional(change.field, to: &out)
        out.append(",\"hlc\":")
        JSONText.appendQuoted(change.hlc, to: &out)
        out.append(",\"op\":")
        JSONText.appendQuoted(change.op.rawValue, to: &out)
        if let seq = change.seq { out.append(",\"seq\":\(seq)") }
        out.append(",\"tx_id\":\(change.txID)")
        if let user = change.userID {
            out.append(",\"user_id\":")
            JSONText.appendQuoted(user, to: &out)
        }
        out.append(",\"value\":")
        out.append(change.value.jsonText)
        out.append("}")
    }

    private static func appendOptional(_ text: String?, to out: inout String) {
        if let text { JSONText.appendQuoted(text, to: &out) } else { out.append("null") }
    }
}
