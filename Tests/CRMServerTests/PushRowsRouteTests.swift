// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CRMServer

/// The compact push format through `POST /v1/changes` (`PushRowFormat`): the server advertises it
/// at login, and the same pushes as rows and as objects, on two fresh servers, leave the same log,
/// conflicts and refusals; errors in a rows body name the row or change at fault.
@Suite struct PushRowsRouteTests {
    /// Two devices' pushes, the same bytes on every server (fixed ids and clocks): creates and sets
    /// in runs, a refused value, a set without base, then a concurrent write from the other device.
    static func pushes(_ one: TestDevice, _ two: TestDevice) -> [(TestDevice, PushRequest)] {
        let contact = "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d11"
        let deal = "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d12"
        func change(
            _ device: TestDevice, _ seq: Int64, tx: Int64, _ entity: String, _ id: String, _ op: WireOp,
            _ field: String?, _ value: JSONValue
        ) -> WireChange {
            WireChange(
                changeID: "019a6c1e-0000-7000-8000-\(device.id.suffix(4))0000000\(seq)", deviceSeq: seq, txID: tx,
                hlc: HLC(millis: 1_764_000_000_000 + seq, counter: 0).wire(deviceID: device.id), baseHLC: nil,
                entity: entity, entityID: id, op: op, field: field, value: value)
        }
        let first = [
            change(one, 1, tx: 1, "contact", contact, .create, nil, .object(["name": "Ana"])),
            change(one, 2, tx: 1, "contact", contact, .set, "title", "Buyer"),
            change(one, 3, tx: 3, "contact", contact, .set, "email", "not an address"),
            change(one, 4, tx: 4, "deal", deal, .create, nil, .object(["title": "Big"])),
            change(one, 5, tx: 5, "deal", deal, .set, "title", "Bigger"),
        ]
        return [
            (one, one.push(first)), (two, two.push([change(two, 1, tx: 1, "contact", contact, .set, "title", "Lead")])),
        ]
    }

    static func send(_ client: some TestClientProtocol, _ device: TestDevice, _ request: PushRequest, rows: Bool)
        async throws -> TestResponse
    {
        let body = rows ? ByteBuffer(string: PushRowFormat.body(request)) : try Wire.body(request)
        return try await client.execute(
            uri: "/v1/changes", method: .post, headers: Wire.headers(device.token), body: body)
    }

    /// The answers and the log a fresh server ends with after `pushes`, sent as rows or objects, as
    /// JSON with the server's own user id and clock taken out; and what its login advertised.
    static func run(rows: Bool) async throws -> (answers: String, log: String, formats: [String]?) {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        return try await server.app().test(.router) { client in
            let one = try await client.login(device: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
            let two = try await client.login(device: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")
            var answers: [PushResponse] = []
            for (device, request) in pushes(one, two) {
                let response = try await send(client, device, request, rows: rows)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                var answer = try Wire.decode(PushResponse.self, response)
                answer.serverTime = 0
                answers.append(answer)
            }
            // A conflict record's id is the server's own, fresh on each server.
            let log = try await client.pullAll(one).map { change in
                var copy = change
                if copy.op == .conflict { copy.changeID = "conflict" }
                return copy
            }
            #expect(log.count == 7, "four changes accepted (one refused), the edit, two conflicts")
            #expect(answers.first?.rejected.map(\.code) == ["invalid_value"])
            func text(_ value: some Encodable) throws -> String {
                String(decoding: try WireCoding.encoder().encode(value), as: UTF8.self)
                    .replacingOccurrences(of: one.session.userID, with: "USER")
            }
            return (try text(answers), try text(log), one.session.pushFormats)
        }
    }

    @Test func rowsAndObjectsLeaveTheSameLog() async throws {
        let objects = try await Self.run(rows: false)
        let rows = try await Self.run(rows: true)
        #expect(rows.formats == [PushRowFormat.name], "the login answer advertises rows")
        #expect(rows.answers == objects.answers)
        #expect(rows.log == objects.log)
    }

    @Test func errorsInARowsBodyNameTheRowOrChange() async throws {
        let server = try await TestServer.make(.sqlite)
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login(user: "rep")
            let id = newID()
            let good = device.change(entityID: id, seq: 1)
            var body = PushRowFormat.body(device.push([good, device.change(entityID: id, seq: 2)]))
            body = body.replacingOccurrences(of: #","set","#, with: #","move","#)
            let malformed = try await client.execute(
                uri: "/v1/changes", method: .post, headers: Wire.headers(device.token), body: ByteBuffer(string: body))
            let error = try Wire.decode(ErrorBody.self, malformed)
            #expect(malformed.status == .badRequest && error.error == "bad_json")
            #expect(error.message.contains("push row 0") && error.message.contains(good.changeID), "\(error.message)")

            let ahead = device.change(entityID: id, seq: 1, millis: device.millis + 6 * 60 * 1000)
            let response = try await Self.send(client, device, device.push([ahead]), rows: true)
            let clock = try Wire.decode(ErrorBody.self, response)
            #expect(response.status == .unprocessableContent && clock.error == "clock_ahead")
            #expect(clock.message.contains(ahead.changeID))
        }
    }
}
