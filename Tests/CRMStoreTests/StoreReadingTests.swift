// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// `Store.openForReading`: one connection for a ready database, and the full open whenever
/// something is due, so a reading command never sees a database a writing one would change.
@Suite struct StoreReadingTests {
    @Test func aReadyDatabaseOpensOnOneConnectionAndReads() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Zoë Reader")])
        let reading = try Store.openForReading(path: test.path)
        #expect(reading.writer is DatabaseQueue)
        #expect(try reading.contact(id).name == "Zoë Reader")
        #expect(try reading.search("zoe", limit: 5).map(\.id) == [id])
    }

    @Test func aDatabaseFromANewerVersionIsRefusedAsTheFullOpenRefusesIt() throws {
        let test = try TestStore()
        try test.store.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: test.path, unknown: ["v99-from-the-future"])) {
            try Store.openForReading(path: test.path)
        }
    }

    @Test func anUnseededDatabaseIsSeededByTheFullOpen() throws {
        let test = try TestStore()
        try test.store.writer.write { db in try db.execute(sql: "DELETE FROM stages; DELETE FROM sla_policies") }
        let reading = try Store.openForReading(path: test.path)
        #expect(reading.writer is DatabasePool)
        #expect(try reading.stages().count == 6)
    }

    @Test func aMissingOrZeroByteFileIsTreatedAsTheFullOpenDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-reading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: StoreError.emptyFile(path: empty)) { try Store.openForReading(path: empty) }
        let junk = folder.appendingPathComponent("junk.sqlite").path
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: junk))
        #expect(throws: StoreError.notADatabase(path: junk)) { try Store.openForReading(path: junk) }
    }
}
