// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation

/// One simulated device's change numbering: `device_seq` from 1 up by one, and an HLC that never
/// goes backwards, as `ChangeRecorder` keeps them on a real device.
///
/// Shared by the load run's `EditGenerator` and the network bench's `NetworkDevice`, so both
/// write changes the server accepts in order.
struct DeviceChanges {
    let deviceID: String
    private(set) var nextSeq: Int64 = 1
    private var lastHLC = HLC.zero

    init(deviceID: String) { self.deviceID = deviceID }

    /// The next change, with a fresh id, the next `device_seq` and a later clock; `base` is the
    /// clock of the version it overwrites.
    mutating func make(
        txID: Int64, entity: String, entityID: String, op: WireOp, field: String?, value: JSONValue, base: String?
    ) -> WireChange {
        var system = SystemRandomNumberGenerator()
        return make(
            txID: txID, entity: entity, entityID: entityID, op: op, field: field, value: value, base: base,
            using: &system)
    }

    /// The same, its change id's random bits drawn from `generator`: the load run's clients use a
    /// `SplitMix64` each, since the system generator costs a `getrandom` call per draw.
    mutating func make(
        txID: Int64, entity: String, entityID: String, op: WireOp, field: String?, value: JSONValue, base: String?,
        using generator: inout some RandomNumberGenerator
    ) -> WireChange {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        lastHLC =
            now > lastHLC.millis
            ? HLC(millis: now, counter: 0) : HLC(millis: lastHLC.millis, counter: lastHLC.counter &+ 1)
        defer { nextSeq += 1 }
        return WireChange(
            changeID: RecordID.make(millis: UInt64(max(now, 0)), using: &generator).rawValue, deviceSeq: nextSeq,
            txID: txID, hlc: lastHLC.wire(deviceID: deviceID),
            baseHLC: base, entity: entity, entityID: entityID, op: op, field: field, value: value)
    }
}
