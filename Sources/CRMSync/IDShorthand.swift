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
        let bytes = Array(id.utf8)
        guard bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }) else { return id }
        let hex = bytes.filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32, hex.allSatisfy(isLowerHex) else { return id }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The id a row's member stands for.
    public static func expand(_ member: String) -> String {
        let bytes = Array(member.utf8)
        guard bytes.count == 32, bytes.allSatisfy(isLowerHex) else { return member }
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [8, 12, 16, 20].contains(index) { out.append(UInt8(ascii: "-")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
