// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A hybrid logical clock timestamp: physical milliseconds plus a logical counter.
///
/// Sync orders every field write by `(hlc, deviceID)`. An HLC stays close to wall-clock time (so
/// "later" means later for people) but never goes backwards on one device and always exceeds
/// every timestamp the device has seen, so causality survives skewed clocks. Packed as
/// `(millis << 16) | counter` into one Int64 for storage and comparison; on the wire it is a
/// fixed-width string that sorts the same way (SYNC.md 3.2).
///
/// ```swift
/// let hlc = HLC(millis: 1_764_000_000_000, counter: 1)
/// hlc.wire(deviceID: "9f2c4e1a7b3d5e60aa")  // "2025-11-24T16:00:00.000Z-0001-9f2c4e1a7b3d5e60"
/// ```
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `(millis << 16) | counter`.
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    public init(millis: Int64, counter: UInt16) {
        rawValue = (millis << 16) | Int64(counter)
    }

    /// Milliseconds since 1970 UTC.
    public var millis: Int64 { rawValue >> 16 }

    /// The logical counter within one millisecond.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue & 0xffff) }

    /// The zero clock, below every real timestamp.
    public static let zero = HLC(rawValue: 0)

    public static func < (lhs: HLC, rhs: HLC) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { wire(deviceID: "") }

    /// The sortable wire form: ISO time, 4 hex counter digits, first 16 hex digits of the device.
    ///
    /// Written byte by byte: every change a device records is stamped, and with Foundation's
    /// `replacingOccurrences` and `String(format:)` the stamp was 7 % of crm-load's CPU
    /// (Docs/BENCHMARKS.md, 2026-12-04 evening). A device id with non-ASCII text (never a real
    /// one) takes the Foundation path, which lowercases it the same way as before.
    public func wire(deviceID: String) -> String {
        guard deviceID.utf8.allSatisfy({ $0 < 0x80 }) else { return foundationWire(deviceID: deviceID) }
        var out = Self.isoBytes(millis)
        out.append(UInt8(ascii: "-"))
        for shift in stride(from: 12, through: 0, by: -4) { out.append(Self.hexDigits[Int(counter >> shift) & 0xf]) }
        out.append(UInt8(ascii: "-"))
        var device = 0
        for byte in deviceID.utf8 where byte != UInt8(ascii: "-") && device < 16 {
            out.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
            device += 1
        }
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 16 - device))
        return String(decoding: out, as: UTF8.self)
    }

    func foundationWire(deviceID: String) -> String {
        let hex = deviceID.replacingOccurrences(of: "-", with: "").lowercased()
        let device = String(hex.prefix(16)).padding(toLength: 16, withPad: "0", startingAt: 0)
        return "\(HLC.isoMillis(millis))-\(String(format: "%04x", Int(counter)))-\(device)"
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `isoMillis` as bytes, for years 0–9999 (`String(format:)` beyond, as before).
    static func isoBytes(_ millis: Int64) -> [UInt8] {
        let seconds = Int(millis.floorDiv(1000))
        let civil = CivilTime(unixSeconds: seconds)
        guard (0...9999).contains(civil.year) else { return Array(isoMillis(millis).utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(48)
        let fields: [(value: Int, width: Int, separator: UInt8)] = [
            (civil.year, 4, UInt8(ascii: "-")), (civil.month, 2, UInt8(ascii: "-")), (civil.day, 2, UInt8(ascii: "T")),
            (civil.hour, 2, UInt8(ascii: ":")), (civil.minute, 2, UInt8(ascii: ":")),
            (civil.second, 2, UInt8(ascii: ".")),
            (Int(millis - Int64(seconds) * 1000), 3, UInt8(ascii: "Z")),
        ]
        for (value, width, separator) in fields {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            out.append(separator)
        }
        return out
    }

    /// Parses the wire form back; nil if malformed.
    ///
    /// Read in place from the string's bytes: the server parses every pushed change's clock and
    /// base clock several times (validation, the plan), and splitting and joining the string made
    /// this 2.9 % of a push's CPU (Docs/BENCHMARKS.md, 2026-12-05). Stricter than the split it
    /// replaced: the time's separators must be the ones `wire` writes.
    public init?(wire text: String) {
        var text = text
        guard let hlc = text.withUTF8({ Self.parse(wire: $0) }) else { return nil }
        self = hlc
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ-COUNTER-DEVICE`: 1–4 hex counter digits, a device without dashes.
    static func parse(wire bytes: UnsafeBufferPointer<UInt8>) -> HLC? {
        guard bytes.count >= 27, bytes[24] == UInt8(ascii: "-"),
            let millis = parseISOMillis(UnsafeBufferPointer(rebasing: bytes[0..<24]))
        else { return nil }
        var counter: UInt16 = 0
        var index = 25
        while index < bytes.count, bytes[index] != UInt8(ascii: "-") {
            guard index < 29, let digit = hexValue(bytes[index]) else { return nil }
            counter = counter << 4 | UInt16(digit)
            index += 1
        }
        guard index > 25, index < bytes.count, !bytes[(index + 1)...].contains(UInt8(ascii: "-")) else { return nil }
        return HLC(millis: millis, counter: counter)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Formats milliseconds as `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC.
    public static func isoMillis(_ millis: Int64) -> String {
        let seconds = Int(millis.floorDiv(1000))
        let fraction = Int(millis - Int64(seconds) * 1000)
        let civil = CivilTime(unixSeconds: seconds)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", civil.year, civil.month, civil.day, civil.hour,
            civil.minute, civil.second, fraction)
    }

    static func parseISOMillis(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseISOMillis($0) }
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ`, exactly 24 bytes with these separators.
    static func parseISOMillis(_ chars: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard chars.count == 24 else { return nil }
        for (index, separator) in isoSeparators where chars[index] != separator { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = Int(chars[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let milli = number(20, 3)
        else { return nil }
        let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Int64(civil.unixSeconds) * 1000 + Int64(milli)
    }

    private static let isoSeparators: [(Int, UInt8)] = [
        (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")),
        (16, UInt8(ascii: ":")), (19, UInt8(ascii: ".")), (23, UInt8(ascii: "Z")),
    ]
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
