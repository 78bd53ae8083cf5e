// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync
import Foundation

/// Translates between the local change log and the wire (SYNC.md 3.3).
///
/// Strict both ways: a change that does not translate is an error, never skipped or guessed, so
/// a device cannot drift away from the others without anyone being told.
enum WireConversion {
    /// A pulled page, split into what the store does with it.
    struct Page: Sendable {
        /// Changes to merge.
        var changes: [RemoteChange] = []
        /// Conflicts the server decided, to store.
        var conflicts: [RemoteConflict] = []
        /// Values of fields or kinds this version does not know, kept for a later one (`UnknownField`).
        var unknown: [UnknownField] = []
    }

    /// A logged local change as it is pushed.
    ///
    /// Throws `SyncError.invalidLocalChange` for an operation the wire does not have (or one only
    /// the server makes) and for a value that is not JSON: such a row would otherwise be sent as
    /// something it is not.
    static func wire(_ change: LocalChange) throws -> WireChange {
        guard let op = WireOp(rawValue: change.op), op != .conflict else {
            throw SyncError.invalidLocalChange(
                deviceSeq: change.deviceSeq, reason: "its operation '\(change.op)' is not one a device can push")
        }
        var value = JSONValue.null
        if let json = change.valueJSON {
            guard let parsed = JSONValue(jsonText: json) else {
                throw SyncError.invalidLocalChange(
                    deviceSeq: change.deviceSeq, reason: "its value is not JSON: \(json)")
            }
            value = parsed
        }
        return WireChange(
            changeID: change.changeID, deviceSeq: change.deviceSeq, txID: change.txID,
            hlc: change.hlc.wire(deviceID: change.deviceID),
            baseHLC: change.baseHLC.map { $0.wire(deviceID: change.deviceID) },
            entity: change.kind, entityID: change.entityID, op: op, field: change.field, value: value)
    }

    /// Splits a pulled page into changes to merge, conflicts to store, and values of fields or
    /// kinds this version does not know.
    ///
    /// Throws `SyncError.undecodableChange` at the first change that does not decode (no seq, a
    /// clock or conflict record that does not parse, a value that does not fit its known field),
    /// so that the caller applies nothing of the page and its cursor stays at `cursor`.
    static func remote(_ changes: [WireChange], after cursor: Int64) throws -> Page {
        var page = Page()
        for change in changes {
            func refuse(_ reason: String) -> SyncError {
                SyncError.undecodableChange(seq: change.seq, cursor: cursor, reason: reason)
            }
            guard let seq = change.seq else { throw refuse("it has no seq") }
            guard let hlc = HLC(wire: change.hlc) else { throw refuse("its hlc '\(change.hlc)' is not a clock") }
            if change.op == .conflict {
                page.conflicts.append(try conflict(change, seq: seq, cursor: cursor))
                continue
            }
            guard let deviceID = change.deviceID, !deviceID.isEmpty else { throw refuse("it names no device_id") }
            if change.op == .set && change.field == nil { throw refuse("it is a set that names no field") }
            let valueJSON: String? = change.value == .null && change.op != .set ? nil : change.value.jsonText
            let unknown = UnknownField.unknownParts(
                entity: change.entity, entityID: change.entityID, op: change.op.rawValue, field: change.field,
                valueJSON: valueJSON, hlc: hlc, deviceID: deviceID)
            page.unknown += unknown
            let remote = RemoteChange(
                seq: seq, changeID: change.changeID, entity: change.entity, entityID: change.entityID,
                op: change.op.rawValue, field: change.field, valueJSON: valueJSON, hlc: hlc, deviceID: deviceID,
                userID: change.userID)
            if let remote {
                page.changes.append(remote)
            } else if isKnown(change) || unknown.isEmpty {
                throw refuse(whyNot(change, valueJSON: valueJSON))
            }
        }
        return page
    }

    /// A conflict record's payload, or `SyncError.undecodableChange` saying why it does not decode.
    static func conflict(_ change: WireChange, seq: Int64, cursor: Int64) throws -> RemoteConflict {
        let decoded: WireConflict
        do {
            decoded = try JSONDecoder().decode(WireConflict.self, from: Data(change.value.jsonText.utf8))
        } catch {
            throw SyncError.undecodableChange(
                seq: seq, cursor: cursor, reason: "its conflict record does not decode (\(error))")
        }
        return RemoteConflict(
            seq: seq, kind: decoded.kind.rawValue, entity: decoded.entity, entityID: decoded.entityID,
            field: decoded.field,
            winnerValue: decoded.winner.value.jsonText, winnerHLC: decoded.winner.hlc,
            winnerDevice: decoded.winner.deviceID,
            loserValue: decoded.loser.value.jsonText, loserHLC: decoded.loser.hlc, loserDevice: decoded.loser.deviceID,
            loserUser: decoded.loser.userID)
    }

    /// Whether this version knows the change's kind and field, so it must be able to apply it.
    static func isKnown(_ change: WireChange) -> Bool {
        guard let kind = change.kind else { return false }
        guard let field = change.field else { return true }
        return UnknownField.isKnown(kind, field)
    }

    /// Why a change of a known kind did not decode, for the error.
    static func whyNot(_ change: WireChange, valueJSON: String?) -> String {
        guard let kind = change.kind else { return "it names no field of the unknown kind '\(change.entity)'" }
        guard RecordID(change.entityID) != nil else { return "its entity_id '\(change.entityID)' is not a record id" }
        if let field = change.field, let spec = kind.field(field), let valueJSON {
            do {
                _ = try FieldValue(json: valueJSON, type: spec.type, field: field)
            } catch {
                return "its value for \(kind.rawValue).\(field) does not fit the field (\(error))"
            }
        }
        if change.op == .create {
            return "its initial fields are not a \(kind.rawValue)'s fields: \(valueJSON ?? "null")"
        }
        return "it is not a \(change.op.rawValue) of a \(kind.rawValue) this version can apply"
    }
}
