// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync
import Foundation

/// Translates between the local change log and the wire (SYNC.md 3.3).
enum WireConversion {
    /// A logged local change as it is pushed.
    static func wire(_ change: LocalChange) -> WireChange {
        let value = change.valueJSON.flatMap(JSONValue.init(jsonText:)) ?? .null
        return WireChange(
            changeID: change.changeID, deviceSeq: change.deviceSeq, txID: change.txID,
            hlc: change.hlc.wire(deviceID: change.deviceID),
            baseHLC: change.baseHLC.map { $0.wire(deviceID: change.deviceID) },
            entity: change.kind, entityID: change.entityID, op: WireOp(rawValue: change.op) ?? .set,
            field: change.field,
            value: value)
    }

    /// Splits a pulled page into changes to merge, conflicts to store, and values of fields or
    /// kinds this version does not know, to keep for a later one (`UnknownField`).
    static func remote(_ changes: [WireChange]) -> (
        changes: [RemoteChange], conflicts: [RemoteConflict], unknown: [UnknownField]
    ) {
        var merged: [RemoteChange] = []
        var conflicts: [RemoteConflict] = []
        var unknown: [UnknownField] = []
        for change in changes {
            guard let seq = change.seq, let hlc = HLC(wire: change.hlc) else { continue }
            if change.op == .conflict {
                if let conflict = conflict(change, seq: seq) { conflicts.append(conflict) }
                continue
            }
            let valueJSON: String? = change.value == .null && change.op != .set ? nil : change.value.jsonText
            unknown += UnknownField.unknownParts(
                entity: change.entity, entityID: change.entityID, op: change.op.rawValue, field: change.field,
                valueJSON: valueJSON, hlc: hlc, deviceID: change.deviceID ?? "")
            if let remote = RemoteChange(
                seq: seq, changeID: change.changeID, entity: change.entity, entityID: change.entityID,
                op: change.op.rawValue, field: change.field, valueJSON: valueJSON, hlc: hlc,
                deviceID: change.deviceID ?? "",
                userID: change.userID)
            {
                merged.append(remote)
            }
        }
        return (merged, conflicts, unknown)
    }

    static func conflict(_ change: WireChange, seq: Int64) -> RemoteConflict? {
        guard let data = change.value.jsonText.data(using: .utf8),
            let decoded = try? JSONDecoder().decode(WireConflict.self, from: data)
        else { return nil }
        return RemoteConflict(
            seq: seq, kind: decoded.kind.rawValue, entity: decoded.entity, entityID: decoded.entityID,
            field: decoded.field,
            winnerValue: decoded.winner.value.jsonText, winnerHLC: decoded.winner.hlc,
            winnerDevice: decoded.winner.deviceID,
            loserValue: decoded.loser.value.jsonText, loserHLC: decoded.loser.hlc, loserDevice: decoded.loser.deviceID,
            loserUser: decoded.loser.userID)
    }
}
