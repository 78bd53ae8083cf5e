// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import NIOCore

/// Writes a push's answer (`PushResponse`) straight into a buffer.
///
/// Every push is answered, and `JSONEncoder` (with its sorted keys) was about 3 % of a push's
/// CPU (Docs/BENCHMARKS.md, 2026-12-05); in the load bench's mix half the answers carry a
/// conflict, and encoding those was still 1 % of the server's CPU. The bytes are the ones
/// `WireCoding.encoder()` makes of the same answer: keys in sorted order, `null` for absent seqs,
/// strings escaped as the encoder escapes them (`JSONText.appendQuoted`), and each conflict as its
/// `jsonValue`'s canonical text (`WireConflict.jsonText`), which is the encoder's text of it.
/// `PushWireFormatTests` compares the two byte for byte.
enum PushResponseWriter {
    /// The answer's bytes.
    static func write(_ answer: PushResponse) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: 128)
        out.writeStaticString("{\"accepted_through\":")
        PullResponseWriter.writeDecimal(answer.acceptedThrough, to: &out)
        out.writeStaticString(",\"conflicts\":[")
        for (index, conflict) in answer.conflicts.enumerated() {
            if index > 0 { out.writeInteger(UInt8(ascii: ",")) }
            out.writeString(conflict.jsonText)
        }
        out.writeStaticString("],\"rejected\":[")
        for (index, refusal) in answer.rejected.enumerated() {
            if index > 0 { out.writeInteger(UInt8(ascii: ",")) }
            out.writeStaticString("{\"change_id\":")
            PullResponseWriter.writeString(refusal.changeID, to: &out)
            out.writeStaticString(",\"code\":")
            PullResponseWriter.writeString(refusal.code, to: &out)
            out.writeStaticString(",\"message\":")
            PullResponseWriter.writeString(refusal.message, to: &out)
            out.writeStaticString("}")
        }
        out.writeStaticString("],\"seq_from\":")
        write(answer.seqFrom, to: &out)
        out.writeStaticString(",\"seq_to\":")
        write(answer.seqTo, to: &out)
        out.writeStaticString(",\"server_time\":")
        PullResponseWriter.writeDecimal(answer.serverTime, to: &out)
        out.writeStaticString("}")
        return out
    }

    private static func write(_ number: Int64?, to out: inout ByteBuffer) {
        if let number { PullResponseWriter.writeDecimal(number, to: &out) } else { out.writeStaticString("null") }
    }
}
