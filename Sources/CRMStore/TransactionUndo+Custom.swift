// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension TransactionUndo {
    /// The earlier values of the custom fields the group set, by key, unless someone set them
    /// again since (then they are left, and `kept` says so); `changes` gets a line per value.
    mutating func undoCustomSets(_ group: Group, stamps: FieldClock, name: String, changes: inout [String]) throws
        -> [String: JSONValue]
    {
        guard FieldDefinition.customizable.contains(group.kind) else { return [:] }
        let definitions = Dictionary(
            try recorder.fieldDefinitions(of: group.kind).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String: JSONValue] = [:]
        var seen: Set<String> = []
        for entry in group.entries where entry.op == "set" {
            guard let field = entry.field, let key = FieldDefinition.key(ofWireField: field), seen.insert(key).inserted
            else { continue }
            let definition = definitions[key]
            let label = definition?.name ?? key
            let newest = group.entries.filter { $0.op == "set" && $0.field == field }.map(\.hlc).max() ?? entry.hlc
            let now = CustomValueRules.display(JSONValue(jsonText: entry.value ?? "null") ?? .null, for: definition)
            if stamps.stamp(of: field).hlc > newest {
                let stamp = stamps.stamp(of: field)
                let who = try TransactionLog.author(
                    recorder.db, entityID: group.entityID, hlc: stamp.hlc, device: stamp.device)
                kept.append("\(name): \(label) left as it is; \(who) changed it since")
                continue
            }
            guard
                let prior = try TransactionLog.priorCustom(recorder.db, group.entityID, field: field, before: entry.hlc)
            else {
                kept.append("\(name): \(label) left as \(now); its earlier value is not in this device's log")
                continue
            }
            values[key] = prior
            let before = prior.isNull ? "—" : CustomValueRules.display(prior, for: definition)
            changes.append("\(label) \(now.isEmpty ? "—" : now) → \(before)")
        }
        return values
    }
}
