// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// SYNC.md scenario 22: values of fields (or kinds) added by a newer crm are kept, never erased by
/// this version, and merged by the version that knows them.
@Suite struct UnknownFieldTests {
    static func parts(
        _ entity: String, _ id: String, _ op: String, _ field: String?, _ json: String?, hlc: Int64,
        device: String = "B"
    ) -> [UnknownField] {
        UnknownField.unknownParts(
            entity: entity, entityID: id, op: op, field: field, valueJSON: json, hlc: HLC(rawValue: hlc),
            deviceID: device)
    }

    static func kept(_ store: Store) throws -> [Row] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT entity, field, value, hlc FROM unknown_fields ORDER BY entity, field")
        }
    }

    @Test func onlyTheUnknownPartsOfAPulledChangeAreSplitOff() throws {
        let id = RecordID.make().rawValue
        #expect(Self.parts("contact", id, "set", "name", "\"Ana\"", hlc: 5).isEmpty)
        #expect(Self.parts("contact", id, "set", "nickname", "\"Annie\"", hlc: 5).map(\.field) == ["nickname"])
        let create = Self.parts(
            "contact", id, "create", nil, #"{"name":"Ana","nickname":"Annie","pronouns":"she"}"#, hlc: 5)
        #expect(create.map(\.field) == ["nickname", "pronouns"])
        #expect(create.map(\.valueJSON) == ["\"Annie\"", "\"she\""])
        #expect(
            Self.parts("invoice", id, "create", nil, #"{"total":12}"#, hlc: 5).map(\.field) == [UnknownField.create])
        #expect(Self.parts("invoice", id, "delete", nil, nil, hlc: 6).map(\.valueJSON) == ["true"])
    }

    @Test func unknownValuesAreKeptNewestFirstAndLocalEditsNeverClearThem() throws {
        let test = try TestStore()
        let id = try test.store.create(.contact, ["name": .text("Ana")])
        let base = test.now * 65_536
        let newer = Self.parts("contact", id.rawValue, "set", "nickname", "\"Annie\"", hlc: base + 10)
        let older = Self.parts("contact", id.rawValue, "set", "nickname", "\"Old\"", hlc: base + 5)
        let invoice = Self.parts("invoice", RecordID.make().rawValue, "create", nil, #"{"total":12}"#, hlc: base + 7)
        let stats = try test.store.applyRemote([], conflicts: [], unknown: newer + invoice, cursor: 1)
        #expect(stats.kept == 2)
        try test.store.applyRemote([], conflicts: [], unknown: older, cursor: 2)
        try test.store.update(.contact, id: id, ["title": .text("CTO")])
        try test.store.delete(.contact, id: id)
        try test.store.restore(.contact, id: id)
        let rows = try Self.kept(test.store)
        #expect(rows.map { $0["field"] as String } == ["nickname", UnknownField.create])
        #expect(rows.first { $0["field"] == "nickname" }?["value"] == "\"Annie\"")
        // Kept values are the server's, not this device's: nothing of them is pushed.
        #expect(try test.store.pendingChanges(limit: 100).allSatisfy { $0.field != "nickname" })
    }

    /// An older version kept a value for a field this version knows: opening the database merges
    /// it by the usual rule, the later `(hlc, device)` winning over the local value.
    @Test func openingWithANewerVersionMergesWhatAnOlderOneKept() throws {
        let test = try TestStore()
        let ana = try test.store.create(.contact, ["name": .text("Ana"), "title": .text("Local")])
        let ben = try test.store.create(.contact, ["name": .text("Ben"), "title": .text("Local")])
        let base = test.now * 65_536
        let pulled = RecordID.make()
        try test.store.writer.write { db in
            let sql = """
                INSERT INTO unknown_fields (entity, entity_id, field, value, hlc, device_id) VALUES (?,?,?,?,?,?)
                """
            try db.execute(sql: sql, arguments: ["contact", ana.rawValue, "title", "\"Newer\"", base + 1_000_000, "B"])
            try db.execute(sql: sql, arguments: ["contact", ben.rawValue, "title", "\"Older\"", 1, "B"])
            try db.execute(
                sql: sql, arguments: ["contact", pulled.rawValue, UnknownField.create, #"{"name":"Cy"}"#, base, "B"])
            try db.execute(sql: sql, arguments: ["invoice", pulled.rawValue, "total", "12", base, "B"])
            // As an older version left it: its schema, not this one, was the last to look.
            try db.execute(sql: "DELETE FROM settings WHERE key = 'unknown_fields.checked_schema'")
        }
        let reopened = try Store.open(path: test.path)
        #expect(try reopened.contact(ana).title == "Newer")
        #expect(try reopened.contact(ben).title == "Local")
        #expect(try reopened.contact(pulled).name == "Cy")
        // Still unknown to this version: kept.
        #expect(try Self.kept(reopened).map { $0["entity"] as String } == ["invoice"])
        #expect(try reopened.check() == [])
        // Later opens of the same version leave the still-unknown rows alone.
        let checked = try reopened.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'unknown_fields.checked_schema'")
        }
        #expect(checked != nil && checked == Schema.migrator().migrations.last)
    }
}
