// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension JSONValue {
    /// Parses a value's JSON text as `init?(jsonText:)` does, reading it with `JSONBytes` first.
    ///
    /// A push reads the stored value of every register its changes touch, to report a conflict's
    /// sides, and `JSONDecoder` was 0.57 % of the server's samples in the load bench's mix, this
    /// 0.04 % (Docs/BENCHMARKS.md, 2026-12-05). `JSONBytes` accepts only what it reads exactly as the
    /// decoder does and gives up on the rest (doubles, deep nesting, odd escapes), which then goes
    /// through `init?(jsonText:)`: the result is the decoder's either way.
    public init?(storedText text: String) {
        var text = text
        let read: JSONValue? = text.withUTF8 { utf8 in
            var reader = JSONBytes(UnsafeRawBufferPointer(utf8))
            guard let value = reader.value(), reader.atEnd() else { return nil }
            return value
        }
        guard let value = read ?? JSONValue(jsonText: text) else { return nil }
        self = value
    }
}
