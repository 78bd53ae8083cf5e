// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

@Suite struct PullRouteTests {
    @Test func roleFilterSkipsHiddenRowsButAdvancesTheCursorOnSQLite() async throws {
        try await roleFilterSkipsHiddenRowsButAdvancesTheCursor(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func roleFilterSkipsHiddenRowsButAdvancesTheCursorOnPostgreSQL() async throws {
        try await roleFilterSkipsHiddenRowsButAdvancesTheCursor(backend: .postgres)
    }

    func roleFilterSkipsHiddenRowsButAdvancesTheCursor(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let manager = try await client.login(user: "manager")
            let agent = try await client.login(user: "agent")
            let changes = [
                manager.change("deal", newID(), field: "title", value: .string("Big deal"), seq: 1),
                manager.change("case", newID(), field: "subject", value: .string("Broken"), seq: 2),
                manager.change("deal", newID(), field: "title", value: .string("Other deal"), seq: 3),
            ]
            #expect(try await client.push(manager, manager.push(changes)).status == .ok)
            let page = try Wire.decode(PullResponse.self, try await client.pull(agent))
            #expect(page.changes.map(\.entity) == ["case"])
            #expect(page.nextAfter == 3 && !page.hasMore)
            let rep = try await client.login(user: "rep")
            let repPage = try Wire.decode(PullResponse.self, try await client.pull(rep))
            #expect(repPage.changes.map(\.entity) == ["deal", "deal"])
        }
    }

    @Test func pagesFollowTheCursorAndKeepTxGroupsWholeOnSQLite() async throws {
        try await pagesFollowTheCursorAndKeepTxGroupsWhole(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func pagesFollowTheCursorAndKeepTxGroupsWholeOnPostgreSQL() async throws {
        try await pagesFollowTheCursorAndKeepTxGroupsWhole(backend: .postgres)
    }

    func pagesFollowTheCursorAndKeepTxGroupsWhole(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            var group = (1...3).map { device.change(entityID: newID(), seq: Int64($0)) }
            for index in group.indices { group[index].txID = 1 }
            let single = device.change(entityID: newID(), seq: 4)
            #expect(try await client.push(device, device.push(group + [single])).status == .ok)
            let first = try Wire.decode(PullResponse.self, try await client.pull(device, after: 0, limit: 2))
            #expect(first.changes.count == 3, "a page runs past the limit to finish its tx group")
            #expect(first.nextAfter == 3 && first.hasMore)
            let second = try Wire.decode(
                PullResponse.self, try await client.pull(device, after: first.nextAfter, limit: 2))
            #expect(second.changes.map(\.changeID) == [single.changeID])
            #expect(second.nextAfter == 4 && !second.hasMore)
        }
    }

    @Test func excludeOwnAndCursorBeyondTheEndOnSQLite() async throws {
        try await excludeOwnAndCursorBeyondTheEnd(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func excludeOwnAndCursorBeyondTheEndOnPostgreSQL() async throws {
        try await excludeOwnAndCursorBeyondTheEnd(backend: .postgres)
    }

    func excludeOwnAndCursorBeyondTheEnd(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let mine = try await client.login()
            let theirs = try await client.login()
            _ = try await client.push(mine, mine.push([mine.change(entityID: newID(), seq: 1)]))
            _ = try await client.push(theirs, theirs.push([theirs.change(entityID: newID(), seq: 1)]))
            let page = try Wire.decode(PullResponse.self, try await client.pull(mine, excludeOwn: true))
            #expect(page.changes.map(\.deviceID) == [theirs.id])
            #expect(page.nextAfter == 2)
            let beyond = try await client.pull(mine, after: 99)
            #expect(beyond.status == .conflict)
            #expect(try Wire.decode(ErrorBody.self, beyond).error == "epoch_mismatch")
            let bad = try await client.execute(
                uri: "/v1/changes?after=abc", method: .get, headers: Wire.headers(mine.token))
            #expect(bad.status == .badRequest)
        }
    }
}
