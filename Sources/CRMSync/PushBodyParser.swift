// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Reads a push body (objects or `PushRowFormat` rows) from its bytes in place, without
/// `JSONDecoder`; nil for anything it does not take, which the caller then decodes as before.
///
/// `JSONDecoder` went through Foundation's generic machinery for every key of every change, and
/// was the largest share of a push's own code (Docs/BENCHMARKS.md, 2026-12-05). This reads the
/// bodies devices send, strictly (`JSONBytes`), to the very `PushRequest` the decoder makes of
/// them: rows by the decoder's own row rules (`PushRowFormat.decodeRow`). Anything unusual, and
/// every malformed body, it leaves to the decoder (nil), so every error a device sees still comes
/// from `JSONDecoder`, word for word, naming the key, change or row at fault.
///
/// ```swift
/// let request = try PushBodyParser.parse(bytes) ?? decoder.decode(PushRequest.self, from: data)
/// ```
public enum PushBodyParser {
    /// The request `bytes` hold, or nil when the decoder is to read them.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> PushRequest? {
        var reader = JSONBytes(bytes)
        return try? body(&reader)
    }

    /// The same for bytes in an array (tests).
    public static func parse(_ bytes: [UInt8]) -> PushRequest? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// What a caller cannot tell from a decoder's refusal; only ever caught here.
    struct Decline: Error {}

    /// The top-level members, in any order; rows are read once the device id is known.
    private static func body(_ reader: inout JSONBytes) throws -> PushRequest {
        var members = TopMembers()
        try object(&reader) { key, reader in try members.read(key, from: &reader) }
        guard reader.atEnd(), let version = members.protocol, let schema = members.schemaVersion,
            let device = members.deviceID
        else { throw Decline() }
        let changes: [WireChange]
        if let rowsAt = members.rowsAt {
            guard members.changes == nil else { throw Decline() }
            var rows = JSONBytes(reader.bytes, at: rowsAt)
            changes = try self.rows(&rows, device: device)
        } else {
            changes = try need(members.changes)
        }
        return PushRequest(
            protocol: version, schemaVersion: schema, epoch: members.epoch, deviceID: device, changes: changes,
            tenant: members.tenant)
    }

    /// The body's members as read so far.
    private struct TopMembers {
        var `protocol`: Int?
        var schemaVersion: Int?
        var epoch: String?
        var deviceID: String?
        var tenant: JSONValue?
        var changes: [WireChange]?
        /// Where the `rows` array starts: read after the loop, with the device id.
        var rowsAt: Int?
        var seen: UInt32 = 0

        /// Reads the value of `key`; false for a key a push does not have.
        mutating func read(_ key: String, from reader: inout JSONBytes) throws -> Bool {
            switch key {
            case "protocol":
                try mark(0, in: &seen)
                `protocol` = try Int(exactly: need(reader.integer()))
            case "schema_version":
                try mark(1, in: &seen)
                schemaVersion = try Int(exactly: need(reader.integer()))
            case "epoch":
                try mark(2, in: &seen)
                epoch = try optional(&reader) { $0.string() }
            case "device_id":
                try mark(3, in: &seen)
                deviceID = try need(reader.string())
            case "tenant":
                try mark(4, in: &seen)
                // `decodeIfPresent` makes nil of a `null` tenant; the validator refuses any other.
                tenant = try need(reader.value()).nilIfNull
            case "changes":
                try mark(5, in: &seen)
                changes = try PushBodyParser.changes(&reader)
            case "rows":
                try mark(6, in: &seen)
                rowsAt = reader.index
                _ = try need(reader.value())
            default: return false
            }
            return true
        }
    }

    private static func changes(_ reader: inout JSONBytes) throws -> [WireChange] {
        var changes: [WireChange] = []
        var more = try need(reader.open(UInt8(ascii: "["), close: UInt8(ascii: "]"))) == false
        while more {
            changes.append(try change(&reader))
            more = try need(reader.next(close: UInt8(ascii: "]")))
        }
        return changes
    }

    /// One change object, as `WireChange.init(from:)` decodes it.
    private static func change(_ reader: inout JSONBytes) throws -> WireChange {
        var members = ChangeMembers()
        try object(&reader) { key, reader in try members.read(key, from: &reader) }
        return try members.change()
    }

    /// Reads an object's members with `read`, which says false for a key it does not know (then
    /// skipped, as the decoder does); a key twice is left to the decoder.
    private static func object(
        _ reader: inout JSONBytes, _ read: (String, inout JSONBytes) throws -> Bool
    ) throws {
        var unknown: Set<String> = []
        var more = try need(reader.open(UInt8(ascii: "{"), close: UInt8(ascii: "}"))) == false
        while more {
            let key = try need(reader.key())
            if try !read(key, &reader) {
                guard unknown.insert(key).inserted else { throw Decline() }
                _ = try need(reader.value())
            }
            more = try need(reader.next(close: UInt8(ascii: "}")))
        }
    }

    /// Marks member `bit` as read; a member twice is left to the decoder.
    private static func mark(_ bit: Int, in seen: inout UInt32) throws {
        guard seen & (1 << bit) == 0 else { throw Decline() }
        seen |= 1 << bit
    }

    /// A change object's members as read so far.
    private struct ChangeMembers {
        var changeID: String?
        var deviceSeq: Int64?
        var txID: Int64?
        var hlc: String?
        var baseHLC: String?
        var entity: String?
        var entityID: String?
        var op: WireOp?
        var field: String?
        var value = JSONValue.null
        var seq: Int64?
        var userID: String?
        var deviceID: String?
        var seen: UInt32 = 0

        /// Reads the value of `key`; false for a key a change does not have.
        mutating func read(_ key: String, from reader: inout JSONBytes) throws -> Bool {
            guard let bit = Self.keys.firstIndex(of: key) else { return false }
            try mark(bit, in: &seen)
            switch bit {
            case 0: changeID = try need(reader.string())
            case 1: deviceSeq = try need(reader.integer())
            case 2: txID = try need(reader.integer())
            case 3: hlc = try need(reader.string())
            case 4: baseHLC = try optional(&reader) { $0.string() }
            case 5: entity = try need(reader.string())
            case 6: entityID = try need(reader.string())
            case 7: op = try need(WireOp(rawValue: need(reader.string())))
            case 8: field = try optional(&reader) { $0.string() }
            case 9: value = try need(reader.value())
            case 10: seq = try optional(&reader) { $0.integer() }
            case 11: userID = try optional(&reader) { $0.string() }
            default: deviceID = try optional(&reader) { $0.string() }
            }
            return true
        }

        /// `WireChange.CodingKeys`, in the order of the cases above.
        static let keys = [
            "change_id", "device_seq", "tx_id", "hlc", "base_hlc", "entity", "entity_id", "op", "field", "value", "seq",
            "user_id", "device_id",
        ]

        func change() throws -> WireChange {
            guard let changeID, let deviceSeq, let txID, let hlc, let entity, let entityID, let op else {
                throw Decline()
            }
            return WireChange(
                changeID: changeID, deviceSeq: deviceSeq, txID: txID, hlc: hlc, baseHLC: baseHLC, entity: entity,
                entityID: entityID, op: op, field: field, value: value, seq: seq, userID: userID, deviceID: deviceID)
        }
    }

    /// The `rows` array, each row by `PushRowFormat.decodeRow`.
    private static func rows(_ reader: inout JSONBytes, device: String) throws -> [WireChange] {
        var changes: [WireChange] = []
        var more = try need(reader.open(UInt8(ascii: "["), close: UInt8(ascii: "]"))) == false
        while more {
            guard reader.take(UInt8(ascii: "[")) else { throw Decline() }
            var row = BodyRow(reader: reader)
            let change = try PushRowFormat.decodeRow(&row, index: changes.count, device: device, after: changes.last)
            reader = row.reader
            guard reader.take(UInt8(ascii: "]")) else { throw Decline() }
            changes.append(change)
            more = try need(reader.next(close: UInt8(ascii: "]")))
        }
        return changes
    }

    /// A row's members from the body's bytes, the opening bracket consumed.
    private struct BodyRow: PushRowReader {
        var reader: JSONBytes
        /// Members read so far; each after the first follows a comma.
        var count = 0
        /// Whether the cursor stands at the next member (its comma consumed).
        var positioned = false

        mutating func decodeNil() throws -> Bool {
            try position()
            guard reader.takeNull() else { return false }
            consumed()
            return true
        }

        mutating func decode(_ type: String.Type) throws -> String { try member { $0.string() } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try member { $0.integer() } }
        mutating func decode(_ type: JSONValue.Type) throws -> JSONValue { try member { $0.value() } }

        func refusal(_ index: Int, _ reason: String) -> any Error { Decline() }

        private mutating func member<T>(_ read: (inout JSONBytes) -> T?) throws -> T {
            try position()
            let value = try need(read(&reader))
            consumed()
            return value
        }

        private mutating func position() throws {
            guard !positioned else { return }
            if count > 0, !reader.take(UInt8(ascii: ",")) { throw Decline() }
            positioned = true
        }

        private mutating func consumed() {
            count += 1
            positioned = false
        }
    }

    /// A `decodeIfPresent` member: nil for `null`, else what `read` makes of it.
    private static func optional<T>(_ reader: inout JSONBytes, _ read: (inout JSONBytes) -> T?) throws -> T? {
        reader.takeNull() ? nil : try need(read(&reader))
    }

    private static func need<T>(_ value: T?) throws -> T {
        guard let value else { throw Decline() }
        return value
    }
}

extension JSONValue {
    /// Nil for `null`, as `decodeIfPresent` reads it.
    fileprivate var nilIfNull: JSONValue? { self == .null ? nil : self }
}
