// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import NIOCore

/// Writes a push's answer (`PushResponse`) straight into a buffer when nothing was refused or in
/// conflict, which is nearly every push.
///
/// Every push is answered, and `JSONEncoder` (with its sorted keys) was about 3 % of a push's
/// CPU (Docs/BENCHMARKS.md, 2026-12-05). The bytes are the ones `WireCoding.encoder()` makes of
/// the same answer: keys in sorted order, `null` for absent seqs; `PushWireFormatTests` compares
/// the two byte for byte. An answer with refusals or conflicts, whose messages need escaping, is
/// left to the encoder.
enum PushResponseWriter {
    /// The answer's bytes, or nil when it carries refusals or conflicts.
    static func write(_ answer: PushResponse) -> ByteBuffer? {
        guard answer.rejected.isEmpty, answer.conflicts.isEmpty else { return nil }
        var out = ByteBufferAllocator().buffer(capacity: 128)
        out.writeStaticString("{\"accepted_through\":")
        out.writeString(String(answer.acceptedThrough))
        out.writeStaticString(",\"conflicts\":[],\"rejected\":[],\"seq_from\":")
        write(answer.seqFrom, to: &out)
        out.writeStaticString(",\"seq_to\":")
        write(answer.seqTo, to: &out)
        out.writeStaticString(",\"server_time\":")
        out.writeString(String(answer.serverTime))
        out.writeStaticString("}")
        return out
    }

    private static func write(_ number: Int64?, to out: inout ByteBuffer) {
        if let number { out.writeString(String(number)) } else { out.writeStaticString("null") }
    }
}
