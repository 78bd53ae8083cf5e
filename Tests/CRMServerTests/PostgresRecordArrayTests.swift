// crm — a terminal-first CRM. Licensed under the MIT License.

import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import CRMServer

/// The pull's page as one `record[]`: the bytes PostgreSQL itself sends are read back field by
/// field, NULLs included; an empty page is no rows; a page out of order comes back in seq order;
/// bytes that are not such an array, or a field read as the wrong type, fail with the statement,
/// row and field named, never a crash.
@Suite struct PostgresRecordArrayTests {
    /// One row as the decoder reads it back.
    struct Read: Equatable {
        var number: Int64
        var text: String
        var optional: String?
    }

    @Test(Backend.postgresRequired) func readsTheRowsPostgreSQLSendsInOrderWithNulls() async throws {
        let server = try await TestServer.make(.postgres)
        defer { server.cleanUp() }
        let store = try #require(server.store as? PostgresLogStore)
        let cells = try await store.client.withConnection { connection in
            var cells: [PostgresCell] = []
            let rows = try await connection.query(
                """
                SELECT (SELECT array_agg(p ORDER BY p.n) FROM (
                    SELECT n::bigint AS n, 'row ' || n || ' é' AS t,
                        CASE WHEN n % 2 = 0 THEN NULL ELSE repeat('x', n::int) END AS o
                    FROM generate_series(1, 5) AS n ORDER BY n DESC) p),
                    (SELECT array_agg(p) FROM (SELECT 1::bigint AS n WHERE false) p)
                """, logger: Logger(label: "crm-server-test"))
            for try await row in rows { cells.append(contentsOf: Array(row)) }
            return cells
        }
        #expect(cells.count == 2)
        guard cells.count == 2 else { return }
        #expect(
            try read(cells[0])
                == (1...5).map { n in
                    Read(
                        number: Int64(n), text: "row \(n) é",
                        optional: n % 2 == 0 ? nil : String(repeating: "x", count: n))
                })
        #expect(try read(cells[1]).isEmpty)
    }

    @Test func aFieldReadAsAnotherTypeNamesItsRowAndField() throws {
        let cell = Self.cell(rows: [[(20, Self.int64(7)), (20, Self.int64(8))]])
        let error = #expect(throws: PostgresRecordArray.Malformed.self) { try read(cell) }
        #expect(error?.description.contains("field 2 of row 1 has type 20, not 25") == true)
        #expect(error?.description.contains("PostgresRecordArrayTests") == true)
    }

    @Test func missingFieldsAndCutBytesAreErrors() throws {
        let short = Self.cell(rows: [[(20, Self.int64(7))]])
        #expect(throws: PostgresRecordArray.Malformed.self) { try read(short) }
        var whole = Self.cell(rows: [[(20, Self.int64(7)), (25, Self.text("a")), (25, nil)]]).bytes ?? ByteBuffer()
        #expect(try read(Self.cell(whole)) == [Read(number: 7, text: "a", optional: nil)])
        for cut in 1..<whole.readableBytes {
            let bytes = whole.getSlice(at: 0, length: cut) ?? ByteBuffer()
            #expect(throws: PostgresRecordArray.Malformed.self, "cut at \(cut)") { try read(Self.cell(bytes)) }
        }
        whole.setInteger(Int32(2), at: 0)
        #expect(throws: PostgresRecordArray.Malformed.self) { try read(Self.cell(whole)) }
    }

    @Test func aNullIntegerIsAnError() throws {
        let cell = Self.cell(rows: [[(20, nil), (25, Self.text("a")), (25, nil)]])
        let error = #expect(throws: PostgresRecordArray.Malformed.self) { try read(cell) }
        #expect(error?.description.contains("field 1 of row 1 is not a non-NULL bigint") == true)
    }

    @Test func aPullPageOutOfOrderComesBackInSeqOrder() throws {
        func row(_ seq: Int64) -> [(UInt32, ByteBuffer?)] {
            let texts = ["c\(seq)", "device", "1", "2", "hlc", nil, "contact", "e1", "set", "name", "\"x\"", "u", nil]
            return [(20, Self.int64(seq))]
                + texts.enumerated().map { index, text in
                    index == 2 || index == 3 ? (20, Self.int64(Int64(index))) : (25, text.map(Self.text))
                }
        }
        let changes = try PostgresPullStatement.changes(in: Self.cell(rows: [row(3), row(1), row(2)]), capacity: 3)
        #expect(changes.map(\.seq) == [1, 2, 3])
        #expect(changes.map(\.changeID) == ["c1", "c2", "c3"])
        #expect(changes.first?.field == "name" && changes.first?.baseHLC == nil && changes.first?.scope == nil)
        #expect(
            try PostgresPullStatement.changes(in: Self.cell(rows: [row(1), row(2)]), capacity: 2).map(\.seq) == [1, 2])
    }

    func read(_ cell: PostgresCell) throws -> [Read] {
        var array = PostgresRecordArray(cell, statement: "PostgresRecordArrayTests")
        var rows: [Read] = []
        try array.forEachRecord { fields in
            rows.append(
                Read(number: try fields.int64(), text: try fields.string(), optional: try fields.optionalString()))
        }
        return rows
    }

    static func int64(_ value: Int64) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(value)
        return buffer
    }

    static func text(_ value: String) -> ByteBuffer { ByteBuffer(string: value) }

    /// A one-dimensional `record[]` of `rows`, each field its type and bytes (nil for NULL).
    static func cell(rows: [[(UInt32, ByteBuffer?)]]) -> PostgresCell {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(PostgresRecordArray.recordType)
        buffer.writeInteger(Int32(rows.count))
        buffer.writeInteger(Int32(1))
        for row in rows {
            var record = ByteBuffer()
            record.writeInteger(Int32(row.count))
            for (type, bytes) in row {
                record.writeInteger(type)
                if var bytes {
                    record.writeInteger(Int32(bytes.readableBytes))
                    record.writeBuffer(&bytes)
                } else {
                    record.writeInteger(Int32(-1))
                }
            }
            buffer.writeInteger(Int32(record.readableBytes))
            buffer.writeBuffer(&record)
        }
        return cell(buffer)
    }

    static func cell(_ bytes: ByteBuffer) -> PostgresCell {
        PostgresCell(bytes: bytes, dataType: .init(2287), format: .binary, columnName: "page", columnIndex: 0)
    }
}
