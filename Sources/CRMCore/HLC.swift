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
    public init?(wire text: String) {
        // "2026-11-24T10:15:03.123Z-0001-9f2c4e1a7b3d5e60"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, let counter = UInt16(parts[3], radix: 16) else { return nil }
        let iso = parts[0..<3].joined(separator: "-")
        guard let millis = HLC.parseISOMillis(iso) else { return nil }
        self.init(millis: millis, counter: counter)
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
        let chars = Array(text.utf8)
        guard chars.count == 24, chars[23] == UInt8(ascii: "Z") else { return nil }
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
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
