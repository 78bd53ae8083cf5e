// crm — a terminal-first CRM. Licensed under the MIT License.

/// How a row of the compact formats carries an id (SYNC.md "Push rows" and "Pull rows"): a UUID
/// in its canonical form, lower-case hex `8-4-4-4-12`, goes without its four dashes.
///
/// The dashes stand at fixed places, and in a gzip-compressed page they were about 1.5 bytes of
/// every id. Every id in the log is a UUID with dashes (change and record ids are checked on push,
/// device ids at login, user ids are the server's own), so a member of 32 hex digits and no dash
/// can only be a shortened id; anything else travels as it is.
public enum IDShorthand {
    /// What a row carries for `id`.
    public static func member(_ id: String) -> String {
        var text = id
        let short = text.withUTF8 { bytes -> String? in
            guard isCanonical(bytes) else { return nil }
            return String(unsafeUninitializedCapacity: 32) {
                copyDigits(of: bytes, to: UnsafeMutableRawBufferPointer($0))
            }
        }
        return short ?? id
    }

    /// Copies the 32 hex digits of a canonical id's UTF-8 (`isCanonical`) to the start of `out`,
    /// which has room for them, and answers how many it copied: what a row carries, unquoted.
    ///
    /// On bytes, for the server's pull writer, which writes four ids a row without building them.
    public static func copyDigits(of canonical: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableRawBufferPointer)
        -> Int
    {
        var count = 0
        for (index, byte) in canonical.enumerated() where !isDashPlace(index) {
            out[count] = byte
            count += 1
        }
        return count
    }

    /// Whether the UTF-8 of an id is the canonical form `member` shortens.
    ///
    /// That is 36 characters, lower-case hex with dashes at 8, 13, 18 and 23. It reads the bytes in
    /// place, for the server's pull writer.
    public static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            guard isDashPlace(index) ? byte == dash : isLowerHex(byte) else { return false }
        }
        return true
    }

    static func isDashPlace(_ index: Int) -> Bool { index == 8 || index == 13 || index == 18 || index == 23 }

    /// The id a row's member stands for.
    public static func expand(_ member: String) -> String {
        guard member.utf8.count == 32 else { return member }
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in member.utf8.enumerated() {
            guard isLowerHex(byte) else { return member }
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(dash) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let dash = UInt8(ascii: "-")

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
