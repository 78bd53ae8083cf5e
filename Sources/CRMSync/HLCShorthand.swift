// crm — a terminal-first CRM. Licensed under the MIT License.

/// How a row of the compact formats carries a change's clock without what the reader can derive
/// (SYNC.md "Push rows" and "Pull rows"): the push rows, and the pull rows of `format=rows2`.
///
/// A wire clock is `2026-11-24T10:15:03.123Z-0001-9f2c4e1a7b3d5e60`, and its last part is the
/// first 16 hex digits of the writer's device id (`HLC.wire(deviceID:)`), which the row names
/// already; and the fields of one local edit are stamped in the same millisecond, one counter step
/// apart. So the member is `null` when the clock is the row before's with the counter one step on
/// and the writer's device part, the clock without its device part (29 characters) when that part
/// is the writer's, and the whole clock otherwise. Both directions work on the text alone, without
/// parsing the time, so the clock the reader rebuilds is the stored text byte for byte, and the
/// server's pull path pays a few byte comparisons per row.
public enum HLCShorthand {
    /// The three members a row may carry for a clock.
    public enum Form: Sendable {
        /// `null`: the row before's clock, the counter one step on, the writer's device part.
        case null
        /// The clock's first 29 characters: its device part is the writer's.
        case short
        /// The clock as it is.
        case whole
    }

    /// What a row carries for `hlc`, written by `device`, after a row of `previous` (its clock and
    /// device): nil for `null`, or the text of the member.
    public static func member(_ hlc: String, device: String, after previous: (hlc: String, device: String)?)
        -> String?
    {
        switch form(of: hlc, device: device, after: previous?.device == device ? previous?.hlc : nil) {
        case .null: return nil
        case .short: return String(decoding: hlc.utf8.prefix(29), as: UTF8.self)
        case .whole: return hlc
        }
    }

    /// The form of the member for `hlc`, written by `device`, after `previous`, the row before's
    /// clock when that row's writer is `device` too (else nil).
    public static func form(of hlc: String, device: String, after previous: String?) -> Form {
        var clock = hlc
        return clock.withUTF8 { bytes in
            guard var before = previous else { return form(bytes, device: device, after: nil) }
            return before.withUTF8 { form(bytes, device: device, after: $0) }
        }
    }

    /// The form of the member for the UTF-8 of a clock written by `device`, after the UTF-8 of the
    /// row before's clock when that row's writer is `device` too (else nil).
    ///
    /// On the bytes in place, so the server's pull writer allocates nothing per row.
    public static func form(
        _ bytes: UnsafeBufferPointer<UInt8>, device: String, after previous: UnsafeBufferPointer<UInt8>?
    ) -> Form {
        guard let counter = counter(bytes), bytes.count == 46, bytes[29] == dash,
            isDevicePart(bytes[30...], of: device)
        else { return .whole }
        if let previous, let last = Self.counter(previous), last + 1 == counter,
            previous[..<25].elementsEqual(bytes[..<25])
        {
            return .null
        }
        return .short
    }

    /// The clock a row's member stands for; nil when it cannot be (`null` with no clock of the
    /// usual form before it, or at the last counter step).
    public static func expand(_ member: String?, device: String, after previous: String?) -> String? {
        guard let member else {
            guard let previous else { return nil }
            let before = Array(previous.utf8)
            guard let last = counter(before), last < 0xffff else { return nil }
            var out = Array(before[..<25])
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((last + 1) >> shift) & 0xf]) }
            out.append(dash)
            out += devicePart(device)
            return String(decoding: out, as: UTF8.self)
        }
        let bytes = Array(member.utf8)
        // A shortened clock is 29 characters ending in four hex digits; no whole clock is (its
        // counter and device part need a dash among its last four characters at that length).
        guard bytes.count == 29, counter(bytes) != nil else { return member }
        return String(decoding: bytes + [dash] + devicePart(device), as: UTF8.self)
    }

    /// `counter` on the UTF-8 of a clock in place (the server's `CompactRow`, once per change).
    public static func counter(ofClock bytes: UnsafeBufferPointer<UInt8>) -> Int? { counter(bytes) }

    /// The counter of a clock of the usual form (`…Z-hhhh`, lower-case hex), or nil.
    static func counter<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        guard bytes.count >= 29, bytes[23] == UInt8(ascii: "Z"), bytes[24] == dash else { return nil }
        var value = 0
        for byte in bytes[25..<29] {
            guard let digit = hexDigits.firstIndex(of: byte) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    /// Whether `tail` is `devicePart(device)`, compared without building it (once per pulled row).
    static func isDevicePart<Tail: RandomAccessCollection<UInt8>>(_ tail: Tail, of device: String) -> Bool
    where Tail.Index == Int {
        var index = tail.startIndex
        for byte in device.utf8 where byte != dash {
            guard index < tail.endIndex else { return true }
            guard tail[index] == ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte) else {
                return false
            }
            index += 1
        }
        return tail[index...].allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// The device part `HLC.wire(deviceID:)` writes: the first 16 characters of the id that are
    /// not dashes, lower-cased, padded with zeros.
    static func devicePart(_ device: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for byte in device.utf8 where byte != dash && out.count < 16 {
            out.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
        }
        return out + Array(repeating: UInt8(ascii: "0"), count: 16 - out.count)
    }

    private static let dash = UInt8(ascii: "-")
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
