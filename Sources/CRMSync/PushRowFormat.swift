// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The compact push format (SYNC.md "Push rows"): a push body whose changes are JSON arrays
/// instead of objects, with the members that follow from the row before left out.
///
/// A pushed change as an object carries 11 keys, and within one push its `device_seq` counts up by
/// one, its `tx_id`, kind, record and op mostly repeat: on the network bench's day a pushed change
/// took 124 bytes of gzip-compressed body against 57 for a pulled row. A row is `[change_id,
/// device_seq, tx_id, hlc, base_hlc, entity, entity_id, op, field, value]` where `null` means:
/// for `device_seq`, the row before's plus one; for `tx_id`, `entity`, `entity_id` and `op` (never
/// null in a change), the row before's; `hlc` is shortened as `HLCShorthand` says, with the
/// pushing device as writer, and the change and record ids go without dashes (`IDShorthand`). `base_hlc` and `field` are null when absent, as in the objects. The body is `{"device_id":…,"epoch":…,"protocol":1,"rows":[…],"schema_version":1}`;
/// `PushRequest` decodes it to the same changes as the object body, so the server plans both alike.
///
/// A server that takes rows says so at login (`SessionResponse.pushFormats`); a client sends rows
/// only to such a server, and an older server never sees them.
public enum PushRowFormat {
    /// The name a server lists in `push_formats` when it takes rows.
    public static let name = "rows"

    /// The body of `request` as rows, uncompressed.
    ///
    /// Written by hand, like the pull rows on the server: the same escaping as `WireCoding`'s
    /// encoder (`JSONText.appendQuoted`, `JSONValue.jsonText`), without `JSONEncoder`'s cost.
    public static func body(_ request: PushRequest) -> String {
        var out = "{\"device_id\":"
        // A row is about 100 bytes with a short value: one allocation for most bodies.
        out.reserveCapacity(128 + 160 * request.changes.count)
        JSONText.appendQuoted(request.deviceID, to: &out)
        if let epoch = request.epoch {
            out.append(",\"epoch\":")
            JSONText.appendQuoted(epoch, to: &out)
        }
        out.append(",\"protocol\":\(request.protocol),\"rows\":[")
        var previous: WireChange?
        for (index, change) in request.changes.enumerated() {
            if index > 0 { out.append(",") }
            append(change, device: request.deviceID, after: previous, to: &out)
            previous = change
        }
        out.append("],\"schema_version\":\(request.schemaVersion)}")
        return out
    }

    static func append(_ change: WireChange, device: String, after previous: WireChange?, to out: inout String) {
        out.append("[")
        JSONText.appendQuoted(IDShorthand.member(change.changeID), to: &out)
        let nextSeq = previous.map { $0.deviceSeq + 1 }
        out.append(change.deviceSeq == nextSeq ? ",null" : ",\(change.deviceSeq)")
        out.append(change.txID == previous?.txID ? ",null" : ",\(change.txID)")
        out.append(",")
        appendOptional(
            HLCShorthand.member(change.hlc, device: device, after: previous.map { ($0.hlc, device) }), to: &out)
        out.append(",")
        appendOptional(change.baseHLC, to: &out)
        repeated(change.entity, previous?.entity, to: &out)
        // Equal ids have equal members: the row before's is not written again to compare.
        out.append(",")
        if change.entityID == previous?.entityID {
            out.append("null")
        } else {
            JSONText.appendQuoted(IDShorthand.member(change.entityID), to: &out)
        }
        repeated(change.op.rawValue, previous?.op.rawValue, to: &out)
        out.append(",")
        appendOptional(change.field, to: &out)
        out.append(",")
        out.append(change.value.jsonText)
        out.append("]")
    }

    /// The changes of a `rows` array; an error names the row (from 0) and the member at fault.
    static func changes(from rows: inout any UnkeyedDecodingContainer, device: String) throws -> [WireChange] {
        var changes: [WireChange] = []
        var previous: WireChange?
        while !rows.isAtEnd {
            let index = rows.currentIndex
            var row = ContainerRow(container: try rows.nestedUnkeyedContainer())
            let change = try decodeRow(&row, index: index, device: device, after: previous)
            guard row.container.isAtEnd else { throw row.refusal(index, "has more than the 10 members of a row") }
            changes.append(change)
            previous = change
        }
        return changes
    }

    /// One row's change, its members read in order from `row`: the decoder's container, or
    /// `PushBodyParser`'s bytes, so both read a row by the same rules.
    static func decodeRow<Row: PushRowReader>(_ row: inout Row, index: Int, device: String, after previous: WireChange?)
        throws -> WireChange
    {
        let changeID = IDShorthand.expand(try row.decode(String.self))
        let deviceSeq = try row.decodeNil() ? previous.map { $0.deviceSeq + 1 } : row.decode(Int64.self)
        let txID = try row.decodeNil() ? previous?.txID : row.decode(Int64.self)
        guard let deviceSeq, let txID else {
            throw row.refusal(
                index, "(change \(changeID)) leaves device_seq or tx_id to a row before it; the first row names both")
        }
        let member = try row.decodeNil() ? nil : row.decode(String.self)
        guard let hlc = HLCShorthand.expand(member, device: device, after: previous?.hlc) else {
            throw row.refusal(
                index, "(change \(changeID)) has an hlc that is not a clock or the row before's plus one")
        }
        let baseHLC = try row.decodeNil() ? nil : row.decode(String.self)
        let entity = try repeated(&row, previous?.entity, "entity", index)
        let entityID = IDShorthand.expand(try repeated(&row, previous?.entityID, "entity_id", index))
        guard let op = try WireOp(rawValue: repeated(&row, previous?.op.rawValue, "op", index)) else {
            throw row.refusal(index, "(change \(changeID)) has an unknown op; use one of create, set, delete, restore")
        }
        let field = try row.decodeNil() ? nil : row.decode(String.self)
        let value = try row.decode(JSONValue.self)
        return WireChange(
            changeID: changeID, deviceSeq: deviceSeq, txID: txID, hlc: hlc, baseHLC: baseHLC, entity: entity,
            entityID: entityID, op: op, field: field, value: value)
    }

    /// A member that is `null` when it equals the row before's.
    static func repeated<Row: PushRowReader>(_ row: inout Row, _ previous: String?, _ name: String, _ index: Int)
        throws -> String
    {
        if try row.decodeNil() {
            guard let previous else { throw row.refusal(index, "repeats \(name) from no row before it; name it") }
            return previous
        }
        return try row.decode(String.self)
    }

    /// A row as the decoder's unkeyed container.
    struct ContainerRow: PushRowReader {
        var container: any UnkeyedDecodingContainer

        mutating func decodeNil() throws -> Bool { try container.decodeNil() }
        mutating func decode(_ type: String.Type) throws -> String { try container.decode(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try container.decode(type) }
        mutating func decode(_ type: JSONValue.Type) throws -> JSONValue { try container.decode(type) }

        func refusal(_ index: Int, _ reason: String) -> any Error {
            DecodingError.dataCorruptedError(in: container, debugDescription: "push row \(index) \(reason)")
        }
    }

    private static func appendOptional(_ text: String?, to out: inout String) {
        if let text { JSONText.appendQuoted(text, to: &out) } else { out.append("null") }
    }

    /// `,null` when `text` is the row before's, else `,"text"`.
    private static func repeated(_ text: String, _ before: String?, to out: inout String) {
        out.append(",")
        if text == before { out.append("null") } else { JSONText.appendQuoted(text, to: &out) }
    }
}
