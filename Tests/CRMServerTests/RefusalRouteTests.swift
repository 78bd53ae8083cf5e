// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// SYNC.md scenario 19 on the wire: a change the role may not write, or whose value the schema
/// refuses, is refused alone; the rest of the push is applied and the queue goes on.
@Suite struct RefusalRouteTests {
    @Test func refusedChangesDoNotBlockTheRestOfThePushOnSQLite() async throws {
        try await refusedChangesDoNotBlockTheRestOfThePush(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func refusedChangesDoNotBlockTheRestOfThePushOnPostgreSQL() async throws {
        try await refusedChangesDoNotBlockTheRestOfThePush(backend: .postgres)
    }

    func refusedChangesDoNotBlockTheRestOfThePush(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let rep = try await client.login(user: "rep")
            let manager = try await client.login(user: "manager")
            let contact = newID()
            let caseID = newID()
            let changes =
                [
                    rep.change(
                        entityID: contact, op: .create, field: nil, value: .object(["name": .string("Ada")]), seq: 1),
                    rep.change(
                        "case", caseID, op: .create, field: nil, value: .object(["subject": .string("x")]), seq: 2),
                    rep.change(entityID: contact, field: "email", value: .int(5), seq: 3),
                ]
                + (4...13).map { rep.change(entityID: contact, field: "title", value: .string("Edit \($0)"), seq: $0) }
            let response = try await client.push(rep, rep.push(changes))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let answer = try Wire.decode(PushResponse.self, response)
            #expect(answer.acceptedThrough == 13)
            #expect(answer.rejected.map(\.changeID) == [changes[1].changeID, changes[2].changeID])
            #expect(answer.rejected.map(\.code) == ["role_forbids", "invalid_value"])
            #expect(answer.rejected[0].message.contains("rep") && answer.rejected[0].message.contains("case"))

            let again = try Wire.decode(PushResponse.self, try await client.push(rep, rep.push(changes)))
            #expect(
                again.acceptedThrough == 13 && again.rejected == answer.rejected, "a resend hears the same refusals")
            var altered = changes[1]
            altered.value = .object(["subject": .string("changed")])
            let reused = try await client.push(rep, rep.push([altered]))
            #expect(reused.status == .unprocessableContent, "a refused change id never returns with new content")

            let seen = try await client.pullAll(manager)
            #expect(!seen.contains { $0.entity == "case" }, "a refused case never reaches anyone")
            let applied = seen.filter { $0.entityID == contact && $0.op != .conflict }
            #expect(applied.count == 11, "the create and the ten edits")
            #expect(applied.last?.value == .string("Edit 13"))
        }
    }

    @Test func activitiesOfACaseFollowTheCaseOnSQLite() async throws {
        try await activitiesOfACaseFollowTheCase(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func activitiesOfACaseFollowTheCaseOnPostgreSQL() async throws {
        try await activitiesOfACaseFollowTheCase(backend: .postgres)
    }

    func activitiesOfACaseFollowTheCase(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let agent = try await client.login(user: "agent")
            let rep = try await client.login(user: "rep")
            let caseID = newID()
            let note = newID()
            let call = newID()
            let onCase = agent.change(
                "activity", note, op: .create, field: nil,
                value: .object([
                    "kind": .string("note"), "subject": .string("internal"), "case_id": .string(caseID),
                ]), seq: 2)
            let plain = agent.change(
                "activity", call, op: .create, field: nil,
                value: .object(["kind": .string("call"), "subject": .string("rang")]), seq: 3)
            let edit = agent.change("activity", note, field: "body", value: .string("secret"), seq: 4)
            let opened = agent.change(
                "case", caseID, op: .create, field: nil, value: .object(["subject": .string("Printer")]), seq: 1)
            #expect(try await client.push(agent, agent.push([opened, onCase, plain, edit])).status == .ok)

            let repSees = try await client.pullAll(rep)
            #expect(!repSees.contains { $0.entityID == note || $0.entityID == caseID }, "no case and none of its notes")
            #expect(repSees.contains { $0.entityID == call }, "an activity of no case is shared")
            let agentSees = try await client.pullAll(agent)
            #expect(agentSees.filter { $0.entityID == note }.count == 2)

            let repEdit = rep.change("activity", note, field: "body", value: .string("mine"), seq: 1)
            let answer = try Wire.decode(PushResponse.self, try await client.push(rep, rep.push([repEdit])))
            #expect(answer.rejected.map(\.code) == ["role_forbids"], "a rep may not write a case's activity")
        }
    }

    @Test func theTeamDirectoryReachesEveryRoleWithoutSecretsOnSQLite() async throws {
        try await theTeamDirectoryReachesEveryRoleWithoutSecrets(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func theTeamDirectoryReachesEveryRoleWithoutSecretsOnPostgreSQL() async throws {
        try await theTeamDirectoryReachesEveryRoleWithoutSecrets(backend: .postgres)
    }

    func theTeamDirectoryReachesEveryRoleWithoutSecrets(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        let acme = try #require(server.tenants["acme"])
        _ = try await server.store.updateUser(tenantID: acme.id, name: "agent", .email("agent@acme.example"), now: 5)
        try await server.app().test(.router) { client in
            let rep = try await client.login(user: "rep")
            let response = try await client.execute(uri: "/v1/team", method: .get, headers: Wire.headers(rep.token))
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(!text.contains("$2") && !text.contains("password"), "no hash or password field: \(text)")
            let team = try Wire.decode(TeamResponse.self, response).users
            #expect(team.map(\.name) == ["admin", "agent", "manager", "rep"])
            #expect(team.first { $0.name == "agent" }?.email == "agent@acme.example")
            #expect(team.allSatisfy { $0.active })

            func teamVersion() async throws -> Int64 {
                try Wire.decode(PullResponse.self, try await client.pull(rep)).teamVersion
            }
            let before = try await teamVersion()
            #expect(before > 0, "adding users moved the version")
            let change = rep.change(
                entityID: newID(), op: .create, field: nil, value: .object(["name": .string("X")]), seq: 1)
            _ = try await client.push(rep, rep.push([change]))
            #expect(try await teamVersion() == before, "a push of records leaves the directory's version")
            let manager = try await client.login(user: "manager")
            _ = try await server.store.updateUser(tenantID: acme.id, name: "manager", .deactivate, now: 6)
            #expect(try await teamVersion() == before + 1, "every pull says the directory changed")
            let after = try await client.execute(uri: "/v1/team", method: .get, headers: Wire.headers(rep.token))
            #expect(try Wire.decode(TeamResponse.self, after).users.first { $0.name == "manager" }?.active == false)
            let refused = try await client.execute(
                uri: "/v1/team", method: .get, headers: Wire.headers(manager.token))
            #expect(refused.status == .unauthorized, "a deactivated user's token stops at once")
            let anonymous = try await client.execute(uri: "/v1/team", method: .get, headers: Wire.headers(nil))
            #expect(anonymous.status == .unauthorized)
        }
    }
}
