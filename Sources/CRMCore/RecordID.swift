// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A globally unique record identifier, created offline.
///
/// Records are created on devices that may not see the server for days, so ids are UUIDv7: the
/// first 48 bits are the creation time in milliseconds (B-tree friendly, roughly time-ordered),
/// the rest random, so two devices never need to coordinate. Imported records use UUIDv5 of a
/// source key so that two devices importing the same file produce the same ids.
///
/// ```swift
/// let id = RecordID.make()          // "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d10"
/// ```
public struct RecordID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The canonical lower-case hyphenated form.
    public let rawValue: String

    /// Wraps an existing canonical id; returns nil for text that is not a UUID.
    public init?(_ text: String) {
        if Self.isCanonical(text) {
            rawValue = text
            return
        }
        guard let uuid = UUID(uuidString: text) else { return nil }
        rawValue = uuid.uuidString.lowercased()
    }

    /// Whether `text` is already lower-case hyphenated hex (8-4-4-4-12): ids read back from the
    /// database and the wire always are, and Foundation's parser is slow for the millions of
    /// references an import or a bulk load checks.
    static func isCanonical(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return false }
        return utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for (index, byte) in bytes.enumerated() {
                switch index {
                case 8, 13, 18, 23: guard byte == UInt8(ascii: "-") else { return false }
                default:
                    guard
                        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    else { return false }
                }
            }
            return true
        } ?? false
    }

    init(uuidBytes bytes: [UInt8]) {
        precondition(bytes.count == 16)
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        rawValue = String(decoding: text, as: UTF8.self)
    }

    /// Makes a new UUIDv7 at the given time (defaults to now).
    public static func make(at date: Date = Date()) -> RecordID {
        var generator = SystemRandomNumberGenerator()
        return make(millis: UInt64(max(0, date.timeIntervalSince1970 * 1000)), using: &generator)
    }

    /// Makes a UUIDv7 from a millisecond timestamp and a random source (deterministic in tests).
    public static func make(millis: UInt64, using generator: inout some RandomNumberGenerator) -> RecordID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8((millis >> UInt64(8 * (5 - index))) & 0xff) }
        var random = generator.next()
        for index in 6..<14 {
            bytes[index] = UInt8(truncatingIfNeeded: random)
            random >>= 8
        }
        random = generator.next()
        bytes[14] = UInt8(truncatingIfNeeded: random)
        bytes[15] = UInt8(truncatingIfNeeded: random >> 8)
        bytes[6] = (bytes[6] & 0x0f) | 0x70
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return RecordID(uuidBytes: bytes)
    }

    /// A name-based UUIDv5-style id (SHA-1 is not in Foundation on Linux, so FNV-1a 128 over the
    /// name stands in for the hash; the id is stable across devices and runs, which is what import
    /// idempotence needs).
    public static func stable(namespace: String, name: String) -> RecordID {
        var hashA: UInt64 = 0xcbf2_9ce4_8422_2325
        var hashB: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in Array((namespace + "\u{1f}" + name).utf8) {
            hashA = (hashA ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            hashB = (hashB ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8((hashA >> UInt64(8 * index)) & 0xff)
            bytes[8 + index] = UInt8((hashB >> UInt64(8 * index)) & 0xff)
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return RecordID(uuidBytes: bytes)
    }

    public var description: String { rawValue }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = RecordID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a UUID: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
