// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// How a row of the compact formats carries a change's clock without what the reader can derive
/// (SYNC.md "Push rows" and "Pull rows"): the push rows, and the pull rows of `format=rows2`.
///
/// A wire clock is `2026-11-24T10:15:03.123Z-0001-9f2c4e1a7b3d5e60`, and its last part is the
/// first 16 hex digits of the writer's device id (`HLC.wire(deviceID:)`), which the row names
/// already; and the fields of one local edit are stamped in the same millisecond, one counter step
/// apart. So the member is `null` when the clock is the row before's plus one counter step by the
/// same device, the clock without its device part when that part is the writer's, and the whole
/// clock otherwise (a clock not written the usual way goes as it is, so nothing changes in transit).
public enum HLCShorthand {
    /// What a row carries for `hlc`, written by `device`, after a row of `previous` (its clock and
    /// device): nil for `null`, or the text of the member.
    public static func member(_ hlc: String, device: String, after previous: (hlc: String, device: String)?)
        -> String?
    {
        guard let clock = HLC(wire: hlc), clock.wire(deviceID: device) == hlc else { return hlc }
        if let previous, previous.device == device, clock.counter > 0,
            HLC(wire: previous.hlc).map({ $0.rawValue + 1 }) == clock.rawValue
        {
            return nil
        }
        return String(hlc.dropLast(17))
    }

    /// The clock a row's member stands for; nil when it cannot be (`null` with no clock before it,
    /// or a shortened clock that does not parse).
    public static func expand(_ member: String?, device: String, after previous: String?) -> String? {
        guard let member else {
            guard let previous, let before = HLC(wire: previous) else { return nil }
            return HLC(rawValue: before.rawValue + 1).wire(deviceID: device)
        }
        // A whole clock has four dashes (date, counter, device); a shortened one three.
        guard member.utf8.count(where: { $0 == UInt8(ascii: "-") }) == 3 else { return member }
        return HLC(wire: member + "-").map { $0.wire(deviceID: device) }
    }
}
