// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The per-field HLCs of one row: which write each field's current value came from.
///
/// A row stores its creation HLC and device in columns, and only the fields written since in a
/// small JSON map (`field_hlc`), so a million freshly created contacts cost no extra rows. Sync
/// needs these stamps for last-writer-wins and for the `base_hlc` of every local edit.
struct FieldClock: Sendable, Equatable {
    struct Stamp: Sendable, Equatable {
        var hlc: HLC
        var device: String
    }

    var created: Stamp
    var fields: [String: Stamp]

    init(created: Stamp, fields: [String: Stamp] = [:]) {
        self.created = created
        self.fields = fields
    }

    /// Decodes the stored columns.
    init(hlc: Int64, device: String, json: String?) {
        created = Stamp(hlc: HLC(rawValue: hlc), device: device)
        fields = [:]
        guard let json, case .object(let object)? = JSONValue(jsonText: json) else { return }
        for (field, pair) in object {
            guard case .array(let parts) = pair, parts.count == 2, case .int(let raw) = parts[0],
                case .string(let device) = parts[1]
            else { continue }
            fields[field] = Stamp(hlc: HLC(rawValue: raw), device: device)
        }
    }

    /// The stamp of a field's current value.
    func stamp(of field: String) -> Stamp { fields[field] ?? created }

    /// The newest stamp of the record: what a delete says it saw (the server reports edits
    /// newer than this, hidden by the delete, as `edit_on_deleted`).
    var newest: HLC {
        fields.values.map(\.hlc).reduce(created.hlc) { max($0, $1) }
    }

    /// The JSON form of the per-field map.
    var json: String? {
        guard !fields.isEmpty else { return nil }
        let parts = fields.keys.sorted().map { key -> String in
            let stamp = fields[key] ?? created
            return "\(JSONText.quote(key)):[\(stamp.hlc.rawValue),\(JSONText.quote(stamp.device))]"
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
