// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB
import Testing

@testable import CRMStore

/// Opening takes no write lock, read-only files open read-only and leave nothing behind, and
/// SQLite's failures about the file come out as `StoreError`s that say what to do.
@Suite struct StoreAccessTests {
    /// Holds the write lock of `path` from another connection while `body` runs.
    func holdingTheWriteLock(_ path: String, _ body: () throws -> Void) throws {
        let holder = try DatabaseQueue(path: path)
        try holder.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            try body()
        }
    }

    @Test func openingAndReadingNeedNoWriteLock() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("Reader Visible")])
        try holdingTheWriteLock(test.path) {
            // Waiting for the lock would end in SQLITE_BUSY after the busy timeout, not succeed.
            let reader = try Store.open(path: test.path)
            #expect(try reader.contacts(after: nil, limit: 10).map(\.name) == ["Reader Visible"])
            #expect(try reader.search("Reader", kinds: nil, limit: 5).count == 1)
        }
    }

    @Test func theWriterProcessIsNamed() throws {
        let test = try TestStore()
        #expect(Store.writerProcess(path: test.path) == nil)
        // POSIX locks are per process: F_GETLK cannot see this process's own lock, so the
        // holder must be another process.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [test.path]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(Store.writerProcess(path: test.path) == holder.processIdentifier)
        input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
    }

    @Test func aFileNobodyMayWriteIsReadInPlaceAndLeftAsItWas() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("Archived Person")])
        try test.store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let copy = test.folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: test.path, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        do {
            let store = try Store.open(path: copy)
            #expect(try store.contacts(after: nil, limit: 10).map(\.name) == ["Archived Person"])
            #expect(try store.search("Archiv", kinds: nil, limit: 5).count == 1)
            #expect {
                try store.create(.contact, ["name": .text("Refused")])
            } throws: { error in
                guard let error = error as? DatabaseError, let known = StoreError(error, path: copy),
                    case .readOnly = known
                else { return false }
                return true
            }
        }
        for side in ["-wal", "-shm", "-journal"] {
            #expect(!FileManager.default.fileExists(atPath: copy + side), "\(side) left behind")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }

    @Test func aZeroByteFileIsRefusedUnlessAllowed() throws {
        let test = try TestStore()
        let empty = test.folder.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: StoreError.emptyFile(path: empty)) { try Store.open(path: empty) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty, "the file was left untouched")
        let store = try Store.open(path: empty, allowEmpty: true)
        #expect(try store.stages().count == 6)
    }

    @Test func sqliteFailuresAboutTheFileSayWhatToDo() {
        let busy = StoreError(DatabaseError(resultCode: .SQLITE_BUSY), path: "/tmp/x.sqlite")
        #expect(busy?.description.contains("try again") == true)
        let corrupt = StoreError(DatabaseError(resultCode: .SQLITE_CORRUPT), path: "/tmp/x.sqlite")
        #expect(corrupt?.description.contains("crm check") == true)
        #expect(StoreError(DatabaseError(resultCode: .SQLITE_CONSTRAINT), path: "/tmp/x.sqlite") == nil)
    }

    @Test func aFailedCheckHoldsWritesAndPulledPagesUntilACheckPassesOrWritesAreAllowed() throws {
        let test = try TestStore()
        try test.store.recordCheck(problems: ["sqlite: page 7 is never used"], allowWrites: false)
        #expect {
            try test.store.create(.contact, ["name": .text("Held")])
        } throws: { error in
            guard case .checkFailed(_, let summary) = error as? StoreError else { return false }
            return summary.contains("1 problem(s)") && summary.contains("page 7")
        }
        #expect(throws: StoreError.self) { try test.store.applyRemote([], conflicts: [], cursor: 1) }
        #expect(try test.store.count(.contact) == 0)
        try test.store.recordCheck(problems: [], allowWrites: false)
        try test.store.create(.contact, ["name": .text("After a passing check")])
        try test.store.recordCheck(problems: ["sqlite: x"], allowWrites: true)
        try test.store.create(.contact, ["name": .text("Allowed")])
        #expect(try test.store.count(.contact) == 2)
    }
}
