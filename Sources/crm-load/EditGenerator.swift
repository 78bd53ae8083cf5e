// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation

/// Makes one device's changes in the real wire format: a contact `create` first, then `set`s.
///
/// Mostly the device edits the contacts it created itself (with the base HLC it last wrote, as a
/// real device would); one edit in five touches a colleague's contact from the same tenant, so the
/// server also merges concurrent writes and records conflicts. `device_seq` counts up by one from
/// 1 and the HLC never goes backwards (`DeviceChanges`).
struct EditGenerator {
    let label: String
    private var numbering: DeviceChanges
    private var own: [String] = []
    /// The HLC each own field was last written with: the base of the next write of it.
    private var written: [String: String] = [:]

    static let fields = ["title", "notes", "address", "external_id"]

    var deviceID: String { numbering.deviceID }
    var nextSeq: Int64 { numbering.nextSeq }

    init(deviceID: String, label: String) {
        numbering = DeviceChanges(deviceID: deviceID)
        self.label = label
    }

    /// The next `count` changes as one local transaction; `colleague` picks another client's contact.
    mutating func next(
        _ count: Int, using generator: inout some RandomNumberGenerator, colleague: () -> String?
    ) -> (changes: [WireChange], created: [String]) {
        var changes: [WireChange] = []
        var created: [String] = []
        let txID = nextSeq
        for index in 0..<count {
            if own.isEmpty || (index == 0 && Int.random(in: 0..<10, using: &generator) == 0) {
                let id = RecordID.make(millis: Self.millis(), using: &generator).rawValue
                own.append(id)
                created.append(id)
                let value = JSONValue.object(["name": .string("\(label) \(own.count)")])
                changes.append(
                    make(txID: txID, entityID: id, op: .create, field: nil, value: value, base: nil, using: &generator))
                continue
            }
            let field = Self.fields[Int.random(in: 0..<Self.fields.count, using: &generator)]
            let text = JSONValue.string("\(label) edit \(nextSeq)")
            if Int.random(in: 0..<5, using: &generator) == 0, let other = colleague(), !own.contains(other) {
                changes.append(
                    make(txID: txID, entityID: other, op: .set, field: field, value: text, base: nil, using: &generator)
                )
            } else {
                let id = own[Int.random(in: 0..<own.count, using: &generator)]
                let key = id + "/" + field
                let change = make(
                    txID: txID, entityID: id, op: .set, field: field, value: text, base: written[key], using: &generator
                )
                written[key] = change.hlc
                changes.append(change)
            }
        }
        return (changes, created)
    }

    private mutating func make(
        txID: Int64, entityID: String, op: WireOp, field: String?, value: JSONValue, base: String?,
        using generator: inout some RandomNumberGenerator
    ) -> WireChange {
        numbering.make(
            txID: txID, entity: "contact", entityID: entityID, op: op, field: field, value: value, base: base,
            using: &generator)
    }

    private static func millis() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) }
}
