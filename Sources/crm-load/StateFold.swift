// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Crypto
import Foundation

/// The state a fresh device reaches from a set of pulled changes, folded last-writer-wins.
///
/// Every register (`entity/id/field`, or `_deleted` for create, delete and restore) keeps the
/// write with the highest `(hlc, device_id)`, the rule `LWWMerge` applies on devices and server;
/// a create's initial fields are registers written at the create's HLC. Folding is order-free, so
/// two devices that pulled the same changes in different pages and orders must reach the same
/// digest; a change missing on one of them shows as a different digest.
struct StateFold {
    private struct Version {
        var hlc: String
        var device: String
        var value: JSONValue
    }

    private var registers: [String: Version] = [:]
    private(set) var applied = 0

    /// Folds one change in; server conflict records carry no state and are skipped.
    mutating func apply(_ change: WireChange) {
        guard change.op != .conflict else { return }
        applied += 1
        let device = change.deviceID ?? ""
        let prefix = change.entity + "/" + change.entityID + "/"
        if let deleted = change.op.deletedValue {
            write(prefix + "_deleted", Version(hlc: change.hlc, device: device, value: .bool(deleted)))
        }
        for (field, value) in change.initialFields {
            write(prefix + field, Version(hlc: change.hlc, device: device, value: value))
        }
        if change.op == .set, let field = change.field {
            write(prefix + field, Version(hlc: change.hlc, device: device, value: change.value))
        }
    }

    private mutating func write(_ register: String, _ version: Version) {
        if let current = registers[register], (current.hlc, current.device) >= (version.hlc, version.device) {
            return
        }
        registers[register] = version
    }

    /// Number of registers holding a value.
    var registerCount: Int { registers.count }

    /// SHA-256 over every register and its winning value, in register order (hex, first 16 digits).
    var digest: String {
        var hash = SHA256()
        let encoder = WireCoding.encoder()
        for key in registers.keys.sorted() {
            guard let version = registers[key] else { continue }
            hash.update(data: Data(key.utf8))
            hash.update(data: Data(version.hlc.utf8))
            hash.update(data: Data(version.device.utf8))
            hash.update(data: (try? encoder.encode(version.value)) ?? Data())
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined().prefix(16).description
    }
}
