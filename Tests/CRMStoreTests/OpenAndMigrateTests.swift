// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

@Suite struct OpenAndMigrateTests {
    @Test func emptyFileIsMigratedSeededAndInWAL() throws {
        let test = try TestStore()
        let mode = try test.store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try test.store.stages().map(\.name) == ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
    }

    @Test func existingFileReopensWithItsData() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Persisted")])
        let reopened = try Store.open(path: test.path)
        #expect(try reopened.contact(id).name == "Persisted")
        #expect(try reopened.stages().count == 6)
    }

    @Test func defaultStagesHaveTheSameIDsOnEveryDevice() throws {
        let first = try TestStore()
        let second = try TestStore()
        #expect(try first.store.stages().map(\.id) == second.store.stages().map(\.id))
        #expect(try first.store.deviceID() != second.store.deviceID())
    }

    @Test func inMemoryQueueRunsTheSameSchema() throws {
        let store = try Store(writer: try DatabaseQueue())
        let id = try store.create(.company, ["name": .text("Acme")])
        #expect(try store.company(id).name == "Acme")
    }

    @Test func missingFolderIsRefused() {
        #expect(throws: StoreError.folderMissing(path: "/nonexistent-dir/x")) {
            try Store.open(path: "/nonexistent-dir/x/y.sqlite")
        }
    }

    @Test func fileThatIsNotSQLiteIsRefusedAndUntouched() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-junk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("junk.sqlite").path
        let junk = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try Store.open(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func databaseFromNewerSchemaIsRefused() throws {
        let test = try TestStore()
        try test.store.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: test.path, unknown: ["v99-from-the-future"])) {
            try Store.open(path: test.path)
        }
    }

    @Test func checkFindsNoProblemsInAHealthyStore() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("A")])
        #expect(try test.store.check() == [])
        try test.store.writer.write { db in try db.execute(sql: "DELETE FROM search") }
        #expect(try test.store.check().contains { $0.hasPrefix("search index") })
    }

    @Test func backupWritesAConsistentCopyAndRefusesToOverwrite() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Backed Up")])
        let copy = test.folder.appendingPathComponent("copy.sqlite").path
        try test.store.backup(to: copy)
        #expect(try Store.open(path: copy).contact(id).name == "Backed Up")
        #expect(throws: StoreError.fileExists(path: copy)) { try test.store.backup(to: copy) }
    }
}
