// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import CRMServer

/// Gzip inflation in flight is bounded per address before authentication and in total.
@Suite struct InflationBudgetTests {
    @Test func reservationsCountPerAddressAndInTotalUntilReleased() throws {
        let budget = InflationBudget(total: 100, perAddress: 40)
        try budget.reserve(30, address: "10.0.0.1")
        #expect(throws: InflationBudget.Refusal.address) { try budget.reserve(20, address: "10.0.0.1") }
        try budget.reserve(40, address: "10.0.0.2")
        try budget.reserve(30, address: nil)
        #expect(budget.inFlight() == 100)
        #expect(throws: InflationBudget.Refusal.server) { try budget.reserve(1, address: "10.0.0.3") }
        budget.release(30, address: "10.0.0.1")
        #expect(budget.inFlight(address: "10.0.0.1") == 0)
        try budget.reserve(30, address: "10.0.0.1")
        #expect(budget.inFlight() == 100)
    }

    @Test func theWorstCaseIsDeflatesLargestRatioCappedByTheRoute() {
        #expect(InflationBudget.worstCase(compressed: 100, limit: 16 * 1024) == 16 * 1024)
        #expect(InflationBudget.worstCase(compressed: 10, limit: 1 << 20) == 10 * 1032 + 1024)
        #expect(InflationBudget.worstCase(compressed: Int.max / 2, limit: 5) == 5)
    }

    @Test func aGzipLoginOverTheAddressBudgetIs429AndAPlainOneIsNotInflated() async throws {
        let server = try await TestServer.make { $0.maxInflationPerAddress = 4096 }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let login = try RequestBodyReaderTests.login()
            let gzip = try await client.execute(
                uri: "/v1/session", method: .post, headers: RequestBodyReaderTests.gzipHeaders(),
                body: try Gzip.compress(login))
            #expect(gzip.status == .tooManyRequests, "\(String(buffer: gzip.body))")
            #expect(gzip.headers[.retryAfter] == "1")
            let plain = try await client.execute(
                uri: "/v1/session", method: .post, headers: Wire.headers(nil), body: login)
            #expect(plain.status == .ok)
        }
    }

    @Test func aGzipPushOverTheServersBudgetIs503() async throws {
        let server = try await TestServer.make { $0.maxInflationInFlight = 64 * 1024 }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let changes = (1...200).map {
                device.change(entityID: newID(), field: "notes", value: .string("note \($0)"), seq: Int64($0))
            }
            let body = try Wire.body(device.push(changes))
            let gzip = try await client.execute(
                uri: "/v1/changes", method: .post, headers: RequestBodyReaderTests.gzipHeaders(device.token),
                body: try Gzip.compress(body))
            #expect(gzip.status == .serviceUnavailable, "\(String(buffer: gzip.body))")
            #expect(try Wire.decode(ErrorBody.self, gzip).error == "server_busy")
            let plain = try await client.execute(
                uri: "/v1/changes", method: .post, headers: Wire.headers(device.token), body: body)
            #expect(plain.status == .ok)
        }
    }
}
