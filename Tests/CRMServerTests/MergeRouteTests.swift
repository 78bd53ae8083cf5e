// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// SYNC.md 2 scenarios 1–3 through the HTTP API: the server merges and every device pulls the
/// same conflict records.
@Suite struct MergeRouteTests {
    @Test(arguments: [false, true])
    func concurrentWritesConvergeWithOneConflictInEitherOrderOnSQLite(laterFirst: Bool) async throws {
        try await concurrentWritesConvergeWithOneConflictInEitherOrder(backend: .sqlite, laterFirst: laterFirst)
    }
    @Test(Backend.postgresRequired, arguments: [false, true])
    func concurrentWritesConvergeWithOneConflictInEitherOrderOnPostgreSQL(laterFirst: Bool) async throws {
        try await concurrentWritesConvergeWithOneConflictInEitherOrder(backend: .postgres, laterFirst: laterFirst)
    }

    func concurrentWritesConvergeWithOneConflictInEitherOrder(backend: Backend, laterFirst: Bool) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let early = try await client.login(user: "rep")
            let late = try await client.login(user: "manager")
            let contact = newID()
            let base = early.change(
                entityID: contact, field: "phone", value: .string("+1"), seq: 1, millis: early.millis)
            _ = try await client.push(early, early.push([base]))
            let earlyEdit = early.change(
                entityID: contact, field: "phone", value: .string("+2"), seq: 2, base: base.hlc,
                millis: early.millis + 10)
            let lateEdit = late.change(
                entityID: contact, field: "phone", value: .string("+3"), seq: 1, base: base.hlc,
                millis: early.millis + 20)
            let pushes = laterFirst ? [(late, lateEdit), (early, earlyEdit)] : [(early, earlyEdit), (late, lateEdit)]
            var conflicts: [WireConflict] = []
            for (device, change) in pushes {
                let response = try await client.push(device, device.push([change]))
                #expect(response.status == .ok)
                conflicts += try Wire.decode(PushResponse.self, response).conflicts
            }
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.kind == .concurrentWrite)
            #expect(conflicts.first?.winner.value == .string("+3"))
            #expect(conflicts.first?.loser.value == .string("+2"))
            let pulled = try await client.pullAll(early)
            let records = pulled.filter { $0.op == .conflict }
            #expect(records.count == 1)
            #expect(records.first?.entityID == contact && records.first?.field == "phone")
            if case .object(let value) = records.first?.value {
                #expect(value["kind"] == .string("concurrent_write"))
            } else {
                Issue.record("conflict record has no object value")
            }
        }
    }

    @Test func differentFieldsMergeWithoutConflictOnSQLite() async throws {
        try await differentFieldsMergeWithoutConflict(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func differentFieldsMergeWithoutConflictOnPostgreSQL() async throws {
        try await differentFieldsMergeWithoutConflict(backend: .postgres)
    }

    func differentFieldsMergeWithoutConflict(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let one = try await client.login()
            let two = try await client.login()
            let contact = newID()
            let a = try await client.push(
                one, one.push([one.change(entityID: contact, field: "phone", value: .string("+1"), seq: 1)]))
            let b = try await client.push(
                two,
                two.push([two.change(entityID: contact, field: "email", value: .string("ada@example.com"), seq: 1)]))
            #expect(try Wire.decode(PushResponse.self, a).conflicts.isEmpty)
            #expect(try Wire.decode(PushResponse.self, b).conflicts.isEmpty)
        }
    }

    @Test func editOnDeletedKeepsTheDeleteAndRecordsTheEditOnSQLite() async throws {
        try await editOnDeletedKeepsTheDeleteAndRecordsTheEdit(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func editOnDeletedKeepsTheDeleteAndRecordsTheEditOnPostgreSQL() async throws {
        try await editOnDeletedKeepsTheDeleteAndRecordsTheEdit(backend: .postgres)
    }

    func editOnDeletedKeepsTheDeleteAndRecordsTheEdit(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let deleter = try await client.login()
            let editor = try await client.login()
            let contact = newID()
            let start = deleter.millis
            let phone = deleter.change(
                entityID: contact, field: "phone", value: .string("+1"), seq: 1, millis: start + 1)
            _ = try await client.push(deleter, deleter.push([phone]))
            let delete = deleter.change(
                entityID: contact, op: .delete, field: nil, value: .null, seq: 2, millis: start + 10)
            _ = try await client.push(deleter, deleter.push([delete]))
            let edit = editor.change(
                entityID: contact, field: "phone", value: .string("+2"), seq: 1, base: phone.hlc, millis: start + 5)
            let response = try await client.push(editor, editor.push([edit]))
            let conflicts = try Wire.decode(PushResponse.self, response).conflicts
            #expect(conflicts.map(\.kind) == [.editOnDeleted])
            #expect(conflicts.first?.winner.value == .bool(true))
            #expect(conflicts.first?.loser.value == .string("+2"))
            let pulled = try await client.pullAll(deleter)
            #expect(pulled.contains { $0.changeID == edit.changeID }, "the edit is kept for a restore")
        }
    }

    @Test(arguments: [false, true])
    func deleteAfterAnUnseenEditRecordsEditOnDeletedOnSQLite(deleterSawTheEdit: Bool) async throws {
        try await deleteAfterAnUnseenEditRecordsEditOnDeleted(backend: .sqlite, deleterSawTheEdit: deleterSawTheEdit)
    }
    @Test(Backend.postgresRequired, arguments: [false, true])
    func deleteAfterAnUnseenEditRecordsEditOnDeletedOnPostgreSQL(deleterSawTheEdit: Bool) async throws {
        try await deleteAfterAnUnseenEditRecordsEditOnDeleted(backend: .postgres, deleterSawTheEdit: deleterSawTheEdit)
    }

    func deleteAfterAnUnseenEditRecordsEditOnDeleted(backend: Backend, deleterSawTheEdit: Bool) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let deleter = try await client.login()
            let editor = try await client.login()
            let contact = newID()
            let start = deleter.millis
            let create = deleter.change(
                entityID: contact, op: .create, field: nil, value: .null, seq: 1, millis: start + 1)
            let phone = deleter.change(
                entityID: contact, field: "phone", value: .string("+1"), seq: 2, millis: start + 1)
            _ = try await client.push(deleter, deleter.push([create, phone]))
            let edit = editor.change(
                entityID: contact, field: "phone", value: .string("+2"), seq: 1, base: phone.hlc, millis: start + 5)
            _ = try await client.push(editor, editor.push([edit]))
            let seen = deleterSawTheEdit ? edit.hlc : phone.hlc
            let delete = deleter.change(
                entityID: contact, op: .delete, field: nil, value: .null, seq: 3, base: seen, millis: start + 10)
            let response = try await client.push(deleter, deleter.push([delete]))
            let conflicts = try Wire.decode(PushResponse.self, response).conflicts
            if deleterSawTheEdit {
                #expect(conflicts.isEmpty)
            } else {
                #expect(conflicts.map(\.kind) == [.editOnDeleted])
                #expect(conflicts.first?.field == "phone")
                #expect(conflicts.first?.winner.value == .bool(true))
                #expect(conflicts.first?.loser.value == .string("+2"))
            }
            let records = try await client.pullAll(editor).filter { $0.op == .conflict }
            #expect(records.count == (deleterSawTheEdit ? 0 : 1))
        }
    }

    @Test func aCreatesInitialFieldsAreRegistersAtTheCreatesHLCOnSQLite() async throws {
        try await aCreatesInitialFieldsAreRegistersAtTheCreatesHLC(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func aCreatesInitialFieldsAreRegistersAtTheCreatesHLCOnPostgreSQL() async throws {
        try await aCreatesInitialFieldsAreRegistersAtTheCreatesHLC(backend: .postgres)
    }

    func aCreatesInitialFieldsAreRegistersAtTheCreatesHLC(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let one = try await client.login()
            let two = try await client.login()
            let contact = newID()
            let start = one.millis
            let fields: JSONValue = .object(["name": .string("Ana"), "email": .string("ana@example.com")])
            let create = one.change(
                entityID: contact, op: .create, field: nil, value: fields, seq: 1, millis: start + 1)
            let created = try await client.push(one, one.push([create]))
            #expect(try Wire.decode(PushResponse.self, created).conflicts.isEmpty)
            // The same import on another device: same id, same values, no conflict.
            let same = two.change(entityID: contact, op: .create, field: nil, value: fields, seq: 1, millis: start + 2)
            #expect(try Wire.decode(PushResponse.self, try await client.push(two, two.push([same]))).conflicts.isEmpty)
            // An edit that saw the create is ordinary; one that did not conflicts on that field.
            let seen = one.change(
                entityID: contact, field: "name", value: .string("Ana Lima"), seq: 2, base: same.hlc, millis: start + 3)
            #expect(try Wire.decode(PushResponse.self, try await client.push(one, one.push([seen]))).conflicts.isEmpty)
            let blind = two.change(
                entityID: contact, field: "email", value: .string("a@example.org"), seq: 2, millis: start + 4)
            let conflicts = try Wire.decode(PushResponse.self, try await client.push(two, two.push([blind]))).conflicts
            #expect(conflicts.map(\.field) == ["email"])
            #expect(conflicts.first?.loser.value == .string("ana@example.com"))
            let pulled = try await client.pullAll(one)
            #expect(pulled.first?.value == fields, "the create travels with its initial fields")
        }
    }
}
