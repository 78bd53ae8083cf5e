// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import PostgresNIO

/// An array of rows (`array_agg(p)` of a subquery's rows, type `record[]`) read from
/// PostgreSQL's binary format, field by field.
///
/// A pull's page came back as one DataRow a change, and PostgresNIO's work per DataRow (its state
/// machine, the row stream's async sequence, the cell lookups, the prepared statement's
/// `decodeRow`) was about 14 % of an instance's CPU under sync load (Docs/BENCHMARKS.md,
/// 2026-12-05, fifth session). As one array in one DataRow the page is one message, walked here
/// in place.
///
/// Written by hand because PostgresNIO decodes arrays of its own element types only, not of
/// records (Docs/ARCHITECTURE.md, "Written by hand").
///
/// The formats are `array_send` and `record_send` (src/backend/utils/adt/arrayfuncs.c and
/// rowtypes.c): an array is its dimension count, a null flag, the element type, each dimension's
/// length and lower bound, then each element as a 32-bit length (-1 for NULL) and its bytes; a
/// record is its field count, then each field as its type, a 32-bit length and its bytes.
struct PostgresRecordArray {
    private var buffer: ByteBuffer
    private let statement: String

    /// `cell`'s array; `statement` names the query in the errors of a cell that is not one.
    init(_ cell: PostgresCell, statement: String) {
        buffer = cell.bytes ?? ByteBuffer()
        self.statement = statement
    }

    /// Calls `body` with each element's fields, in the array's order; nothing for a NULL array.
    mutating func forEachRecord(_ body: (inout Fields) throws -> Void) throws {
        guard buffer.readableBytes > 0 else { return }
        let dimensions = try int32("dimension count")
        let flags = try int32("null flag")
        let elementType = try int32("element type")
        guard dimensions <= 1, flags == 0, elementType == Self.recordType else {
            throw Malformed(statement: statement, reason: "not a one-dimensional record[] without NULL rows")
        }
        guard dimensions == 1 else { return }
        let count = try int32("length")
        _ = try int32("lower bound")
        for index in 0..<Int(max(count, 0)) {
            let length = try int32("length of row \(index + 1)")
            guard length >= 0, let bytes = buffer.readSlice(length: Int(length)) else {
                throw Malformed(statement: statement, reason: "row \(index + 1) is NULL or cut short")
            }
            var fields = try Fields(bytes, statement: statement, row: index + 1)
            try body(&fields)
        }
    }

    /// The type of an anonymous row (`RECORDOID`).
    static let recordType: Int32 = 2249

    private mutating func int32(_ what: String) throws -> Int32 {
        guard let value = buffer.readInteger(as: Int32.self) else {
            throw Malformed(statement: statement, reason: "the array ends before its \(what)")
        }
        return value
    }

    /// One row's fields, read left to right, each checked against the type it is read as.
    struct Fields {
        private var buffer: ByteBuffer
        private var remaining: Int32
        private var field = 0
        private let statement: String
        private let row: Int

        fileprivate init(_ buffer: ByteBuffer, statement: String, row: Int) throws {
            self.buffer = buffer
            self.statement = statement
            self.row = row
            guard let count = self.buffer.readInteger(as: Int32.self) else {
                throw Malformed(statement: statement, reason: "row \(row) has no field count")
            }
            remaining = count
        }

        /// The next field as a `bigint`.
        mutating func int64() throws -> Int64 {
            guard var bytes = try next(type: Self.int8Type), bytes.readableBytes == 8,
                let value = bytes.readInteger(as: Int64.self)
            else { throw malformed("is not a non-NULL bigint") }
            return value
        }

        /// The next field as non-NULL `text`.
        mutating func string() throws -> String {
            guard let text = try optionalString() else { throw malformed("is NULL") }
            return text
        }

        /// The next field as `text`, nil for NULL.
        mutating func optionalString() throws -> String? {
            guard var bytes = try next(type: Self.textType) else { return nil }
            return bytes.readString(length: bytes.readableBytes)
        }

        static let int8Type: UInt32 = 20
        static let textType: UInt32 = 25

        /// The next field's bytes, nil for NULL, after checking its type is `type`.
        private mutating func next(type: UInt32) throws -> ByteBuffer? {
            field += 1
            guard remaining > 0 else { throw malformed("is missing") }
            remaining -= 1
            guard let oid = buffer.readInteger(as: UInt32.self), let length = buffer.readInteger(as: Int32.self) else {
                throw malformed("is cut short")
            }
            guard oid == type else { throw malformed("has type \(oid), not \(type)") }
            guard length >= 0 else { return nil }
            guard let bytes = buffer.readSlice(length: Int(length)) else { throw malformed("is cut short") }
            return bytes
        }

        private func malformed(_ reason: String) -> Malformed {
            Malformed(statement: statement, reason: "field \(field) of row \(row) \(reason)")
        }
    }

    /// A cell that is not the `record[]` its statement's decoder reads: the SQL and the decoder
    /// disagree, or the server sent something else.
    struct Malformed: Error, CustomStringConvertible {
        var statement: String
        var reason: String
        var description: String {
            "\(statement): its array of rows is malformed: \(reason); make its SELECT list and its decoder agree"
        }
    }
}
