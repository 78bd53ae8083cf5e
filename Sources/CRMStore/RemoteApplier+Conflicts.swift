// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension RemoteApplier {
    /// Takes the winner of a conflict this device lost, where it would otherwise keep its own value.
    ///
    /// The server decides every conflict (LWWMerge) and sends it to every device. The others
    /// merge the winner from the log as usual; the loser may not: when the winning write reached
    /// it before its own (an earlier pull), nothing later in the log beats its own write, and it
    /// would keep, say, a record it deleted that every other device holds live (found by the
    /// 1,000-seed SyncModelTests run). So a `concurrent_write` conflict whose loser is this
    /// device's write, still the field's current value here, puts the winner in its place.
    /// `edit_on_deleted` is not one: the edit stays on the hidden record, as on the server.
    mutating func takeWinner(of conflict: RemoteConflict, device: String) throws {
        guard conflict.kind == "concurrent_write", conflict.loserDevice == device,
            let kind = EntityKind(rawValue: conflict.entity), let id = RecordID(conflict.entityID),
            let winner = HLC(wire: conflict.winnerHLC), let loser = HLC(wire: conflict.loserHLC)
        else { return }
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT hlc, hlc_device, field_hlc FROM \(kind.table) WHERE id = ?", arguments: [id.rawValue])
        else { return }
        let stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        let current = stamps.stamp(of: conflict.field)
        guard current.device == device, current.hlc == loser else { return }
        var change = RemoteChange(
            seq: conflict.seq, changeID: "conflict-\(conflict.seq)-\(conflict.field)", kind: kind, entityID: id,
            op: .set, field: conflict.field, value: .null, hlc: winner, deviceID: conflict.winnerDevice)
        if conflict.field == "_deleted" {
            change.field = nil
            change.op = conflict.winnerValue == "true" ? .delete : .restore
        } else {
            guard let spec = kind.field(conflict.field),
                let value = try? FieldValue(json: conflict.winnerValue, type: spec.type, field: conflict.field)
            else { return }
            change.value = value
        }
        try apply([change])
    }
}
