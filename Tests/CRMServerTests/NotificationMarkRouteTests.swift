// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// Notification marks through the real routes: a user's marks reach that user's other devices and
/// no one else's (not even an admin's), and only their user may write them (`MarkOwnership`).
@Suite struct NotificationMarkRouteTests {
    @Test func aUsersMarksReachOnlyTheirDevicesOnSQLite() async throws {
        try await marksStayWithTheirUser(backend: .sqlite)
    }
    @Test(Backend.postgresRequired)
    func aUsersMarksReachOnlyTheirDevicesOnPostgreSQL() async throws {
        try await marksStayWithTheirUser(backend: .postgres)
    }

    /// The create of `user`'s mark on `notification` (under the derived id unless `id` is given).
    func create(
        _ device: TestDevice, user: String, notification: String, id: String? = nil, seq: Int64
    ) -> WireChange {
        let fields: JSONValue = .object([
            "user_id": .string(user), "notification_id": .string(notification), "state": .string("read"),
        ])
        let derived = NotificationMark.recordID(user: user, notificationID: notification).rawValue
        return device.change("notification_mark", id ?? derived, op: .create, field: nil, value: fields, seq: seq)
    }

    func marksStayWithTheirUser(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let phone = try await client.login(user: "agent")
            let laptop = try await client.login(user: "agent")
            let manager = try await client.login(user: "manager")
            let admin = try await client.login(user: "admin")
            let agentID = phone.session.userID
            let mark = NotificationMark.recordID(user: agentID, notificationID: "3fa2c19e0b").rawValue
            let created = create(phone, user: agentID, notification: "3fa2c19e0b", seq: 1)
            let own = [
                created,
                phone.change(
                    "notification_mark", mark, field: "state", value: .string("dismissed"), seq: 2, base: created.hlc),
            ]
            let pushed = try Wire.decode(PushResponse.self, try await client.push(phone, phone.push(own)))
            #expect(pushed.rejected.isEmpty && pushed.acceptedThrough == 2)
            #expect(try await client.pullAll(laptop).filter { $0.entity == "notification_mark" }.count == 2)
            for other in [manager, admin] {
                #expect(try await client.pullAll(other).allSatisfy { $0.entity != "notification_mark" })
            }

            // The manager may not touch the agent's mark, forge one for the agent, or make one
            // under an id not derived from their own user; their own mark is theirs alone.
            let managerID = manager.session.userID
            let attempts = [
                manager.change("notification_mark", mark, field: "state", value: .string("read"), seq: 1),
                create(manager, user: agentID, notification: "3fa2c19e0b", seq: 2),
                create(manager, user: managerID, notification: "3fa2c19e0b", id: newID(), seq: 3),
                manager.change("notification_mark", newID(), field: "state", value: .string("read"), seq: 4),
                create(manager, user: managerID, notification: "3fa2c19e0b", seq: 5),
            ]
            let answer = try Wire.decode(PushResponse.self, try await client.push(manager, manager.push(attempts)))
            #expect(answer.rejected.map(\.changeID) == attempts.prefix(4).map(\.changeID))
            #expect(answer.rejected.allSatisfy { $0.code == "not_your_mark" })
            #expect(answer.rejected.first?.message.contains("belongs to another user") == true)
            let agentSees = try await client.pullAll(laptop).filter { $0.entity == "notification_mark" }
            #expect(agentSees.map(\.entityID) == [mark, mark])
            #expect(agentSees.last?.value == .string("dismissed"))
            let managerSees = try await client.pullAll(manager).filter { $0.entity == "notification_mark" }
            #expect(managerSees.map(\.changeID) == [attempts[4].changeID])
        }
    }
}
