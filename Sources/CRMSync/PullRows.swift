// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The compact pull format (`GET /v1/changes?…&format=rows`, SYNC.md "Pull rows"): one JSON array
/// per change instead of an object, and the members that repeat from the change before it elided.
///
/// A pulled change is mostly its ids, clock and value, but as an object each one also carries 13
/// keys, and its device, user, kind and record repeat from the change before it in most pages (a
/// device's edits of one record are consecutive); gzip leaves several bytes of back-references for
/// each of them. A row is `[seq, change_id, device_id, user_id, entity, entity_id, op, field, hlc,
/// value]`, where `null` for `device_id`, `user_id`, `entity`, `entity_id` or `op` (never null in
/// the log) means "as in the row before". The members a pulling device never reads (`base_hlc`,
/// `device_seq`, `tx_id`: `WireConversion` does not use them) are not sent; they decode as
/// `nil`, 0 and 0. A server without the format ignores the parameter and answers `changes`, which
/// `PullResponse` decodes as before, so either side may be older.
public enum PullRows {
    /// The query value that asks for rows.
    public static let format = "rows"
    /// The query value that asks for rows with shorthands.
    ///
    /// In `format=rows2`, a `seq` of `null` is the row before's plus one, the clock is shortened as
    /// `HLCShorthand` says and ids go without dashes (`IDShorthand`). The answer's key is still
    /// `rows`: this decoder reads both, since a `rows` answer never has a null seq, a shortened
    /// clock or an id without dashes. A server that does not know
    /// `rows2` answers objects.
    public static let compactFormat = "rows2"

    /// The changes of a `rows` array.
    public static func changes(from rows: inout any UnkeyedDecodingContainer) throws -> [WireChange] {
        var changes: [WireChange] = []
        var previous: WireChange?
        while !rows.isAtEnd {
            var row = try rows.nestedUnkeyedContainer()
            let change = try decodeRow(&row, after: previous)
            changes.append(change)
            previous = change
        }
        return changes
    }

    static func decodeRow(_ row: inout any UnkeyedDecodingContainer, after previous: WireChange?) throws
        -> WireChange
    {
        let seq = try row.decodeNil() ? previous?.seq.map { $0 + 1 } : row.decode(Int64.self)
        guard let seq else {
            throw DecodingError.dataCorruptedError(in: row, debugDescription: "the first row leaves out its seq")
        }
        // Ids go through `IDShorthand.expand`, which leaves a dashed id (all of `rows`) alone.
        let changeID = IDShorthand.expand(try row.decode(String.self))
        let deviceID = IDShorthand.expand(try repeated(&row, previous?.deviceID, "device_id"))
        let userID = IDShorthand.expand(try repeated(&row, previous?.userID, "user_id"))
        let entity = try repeated(&row, previous?.entity, "entity")
        let entityID = IDShorthand.expand(try repeated(&row, previous?.entityID, "entity_id"))
        let op = try WireOp(rawValue: repeated(&row, previous?.op.rawValue, "op"))
        guard let op else {
            throw DecodingError.dataCorruptedError(in: row, debugDescription: "row of seq \(seq): unknown op")
        }
        let field = try row.decodeNil() ? nil : row.decode(String.self)
        let member = try row.decodeNil() ? nil : row.decode(String.self)
        guard let hlc = HLCShorthand.expand(member, device: deviceID, after: previous?.hlc) else {
            throw DecodingError.dataCorruptedError(
                in: row, debugDescription: "row of seq \(seq): its hlc is not a clock or the row before's plus one")
        }
        let value = try row.decode(JSONValue.self)
        return WireChange(
            changeID: changeID, deviceSeq: 0, txID: 0, hlc: hlc, baseHLC: nil, entity: entity, entityID: entityID,
            op: op, field: field, value: value, seq: seq, userID: userID, deviceID: deviceID)
    }

    /// A member that is `null` when it equals the row before's.
    static func repeated(_ row: inout any UnkeyedDecodingContainer, _ previous: String?, _ name: String) throws
        -> String
    {
        if try row.decodeNil() {
            guard let previous else {
                throw DecodingError.dataCorruptedError(
                    in: row, debugDescription: "the first row repeats \(name) from no row before it")
            }
            return previous
        }
        return try row.decode(String.self)
    }
}
