// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Custom fields on the wire (issue 19): the server checks custom values against the definitions
/// it holds, by the devices' rules, and refuses a bad one naming the field.
@Suite struct CustomFieldRouteTests {
    @Test func invalidCustomValuesAreRefusedNamingTheFieldOnSQLite() async throws {
        try await invalidCustomValuesAreRefusedNamingTheField(backend: .sqlite)
    }
    @Test(Backend.postgresRequired) func invalidCustomValuesAreRefusedNamingTheFieldOnPostgreSQL() async throws {
        try await invalidCustomValuesAreRefusedNamingTheField(backend: .postgres)
    }

    static func definition(_ name: String, _ type: CustomFieldType, choices: [String] = []) -> JSONValue {
        var object: [String: JSONValue] = [
            "entity": .string("contact"), "name": .string(name), "field_key": .string(FieldDefinition.key(for: name)),
            "type": .string(type.rawValue),
        ]
        if !choices.isEmpty { object["choices"] = .array(choices.map(JSONValue.string)) }
        return .object(object)
    }

    func invalidCustomValuesAreRefusedNamingTheField(backend: Backend) async throws {
        let server = try await TestServer.make(backend)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let manager = try await client.login(user: "manager")
            let rep = try await client.login(user: "rep")
            let contact = newID()
            let definitions = [
                manager.change(
                    "field", newID(), op: .create, field: nil, value: Self.definition("Score", .number), seq: 1),
                manager.change(
                    "field", newID(), op: .create, field: nil,
                    value: Self.definition("Region", .oneOf, choices: ["North", "South"]), seq: 2),
                manager.change(
                    entityID: contact, op: .create, field: nil, value: .object(["name": .string("Ada")]), seq: 3),
                manager.change(entityID: contact, field: "custom.score", value: .double(4.5), seq: 4),
            ]
            let first = try Wire.decode(PushResponse.self, try await client.push(manager, manager.push(definitions)))
            #expect(
                first.acceptedThrough == 4 && first.rejected.isEmpty, "a field defined in the same push takes values")

            let changes = [
                rep.change(entityID: contact, field: "custom.region", value: .string("South"), seq: 1),
                rep.change(entityID: contact, field: "custom.score", value: .string("lots"), seq: 2),
                rep.change(entityID: contact, field: "custom.region", value: .string("Middle"), seq: 3),
                rep.change(entityID: contact, field: "custom.shoe_size", value: .int(42), seq: 4),
                rep.change("field", newID(), op: .create, field: nil, value: Self.definition("Size", .text), seq: 5),
            ]
            let response = try await client.push(rep, rep.push(changes))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let answer = try Wire.decode(PushResponse.self, response)
            #expect(answer.acceptedThrough == 5)
            #expect(answer.rejected.map(\.changeID) == changes[1...].map(\.changeID))
            #expect(answer.rejected.map(\.code) == ["invalid_value", "invalid_value", "invalid_value", "role_forbids"])
            #expect(
                answer.rejected[0].message.contains("contact.custom.score")
                    && answer.rejected[0].message.contains("Score"))
            #expect(
                answer.rejected[1].message.contains("custom.region") && answer.rejected[1].message.contains("North"))
            #expect(answer.rejected[2].message.contains("custom.shoe_size"))

            let malformed = try await client.push(
                rep, rep.push([rep.change(entityID: contact, field: "custom.Bad Key", value: .int(1), seq: 6)]))
            #expect(malformed.status == .unprocessableContent, "a key that could never be defined is malformed")

            let seen = try await client.pullAll(rep)
            #expect(seen.filter { $0.entity == "field" }.count == 2, "every role receives the definitions")
            let values = seen.filter { $0.entityID == contact && $0.field?.hasPrefix("custom.") == true }
            #expect(values.map(\.value) == [.double(4.5), .string("South")])
        }
    }
}
