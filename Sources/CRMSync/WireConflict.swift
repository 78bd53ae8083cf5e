// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The kinds of conflict the server records (SYNC.md 3.7).
public enum ConflictKind: String, Codable, Sendable, CaseIterable {
    /// Two writers changed one field without seeing each other's value.
    case concurrentWrite = "concurrent_write"
    /// A field was edited on a record deleted by someone who had not seen the edit; the delete
    /// stands and the edit is kept on the hidden data for a restore.
    case editOnDeleted = "edit_on_deleted"
    /// The server stored the change but refused to apply it.
    case rejected
}

/// A conflict as reported in a push response and carried by `op: "conflict"` log records.
///
/// Every device pulls the same conflict records, so `crm sync conflicts` shows the same list
/// everywhere; `seq` is the seq of the change that caused it.
public struct WireConflict: Codable, Hashable, Sendable {
    public var kind: ConflictKind
    public var entity: String
    public var entityID: String
    public var field: String
    public var winner: ConflictSide
    public var loser: ConflictSide
    public var seq: Int64?

    public init(
        kind: ConflictKind, entity: String, entityID: String, field: String, winner: ConflictSide,
        loser: ConflictSide, seq: Int64? = nil
    ) {
        self.kind = kind
        self.entity = entity
        self.entityID = entityID
        self.field = field
        self.winner = winner
        self.loser = loser
        self.seq = seq
    }

    enum CodingKeys: String, CodingKey {
        case kind, entity, field, winner, loser, seq
        case entityID = "entity_id"
    }

    /// The JSON value the wire encoder makes of this conflict (`seq` left out when nil), built
    /// directly: the server stores one with every conflict record, and encoding it to bytes only to
    /// decode them again cost the push path measurable time.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "entity": .string(entity), "entity_id": .string(entityID),
            "field": .string(field), "winner": winner.jsonValue, "loser": loser.jsonValue,
        ]
        if let seq { object["seq"] = .int(seq) }
        return .object(object)
    }

    /// `jsonValue.jsonText`, written directly with the keys in the encoder's order.
    ///
    /// Every conflict record stores this text and every push answer with a conflict carries it;
    /// building the object and sorting its keys for the text was about 2 % of crm-server's CPU
    /// at 12,000 devices, where half the push answers carry a conflict (Docs/BENCHMARKS.md,
    /// 2026-12-07). `ConflictJSONTests` compares the two.
    public var jsonText: String {
        var text = "{\"entity\":"
        JSONText.appendQuoted(entity, to: &text)
        text += ",\"entity_id\":"
        JSONText.appendQuoted(entityID, to: &text)
        text += ",\"field\":"
        JSONText.appendQuoted(field, to: &text)
        text += ",\"kind\":"
        JSONText.appendQuoted(kind.rawValue, to: &text)
        text += ",\"loser\":"
        loser.appendJSONText(to: &text)
        if let seq { text += ",\"seq\":\(seq)" }
        text += ",\"winner\":"
        winner.appendJSONText(to: &text)
        text += "}"
        return text
    }
}
