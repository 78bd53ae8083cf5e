// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The per-token request rate: a token bucket per session, 429 `too_many_requests` with `Retry-After`.
@Suite struct RateLimitTests {
    @Test func aTokenPastItsBurstGets429UntilTheBucketRefills() async throws {
        let server = try await TestServer.make {
            $0.requestBurst = 3
            $0.requestRate = 0.5
        }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let other = try await client.login(user: "rep")
            for _ in 0..<3 { #expect(try await client.pull(device).status == .ok) }
            let refused = try await client.pull(device)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "2", "one request refills in 1 / 0.5 s")
            #expect(try Wire.decode(ErrorBody.self, refused).error == "too_many_requests")
            let push = try await client.push(device, device.push([device.change(entityID: newID(), seq: 1)]))
            #expect(push.status == .tooManyRequests, "pushes draw from the same bucket")
            #expect(try await client.pull(other).status == .ok, "another token has its own bucket")
            server.clock.advance(2)
            #expect(try await client.pull(device).status == .ok)
            #expect(try await client.pull(device).status == .tooManyRequests)
            server.clock.advance(60)
            for _ in 0..<3 { #expect(try await client.pull(device).status == .ok) }
            #expect(try await client.pull(device).status == .tooManyRequests, "the bucket holds at most the burst")
        }
    }

    @Test func refusedRequestsStoreNothing() async throws {
        let server = try await TestServer.make {
            $0.requestBurst = 1
            $0.requestRate = 1
        }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let id = newID()
            #expect(try await client.push(device, device.push([device.change(entityID: id, seq: 1)])).status == .ok)
            let second = device.push([device.change(entityID: newID(), seq: 2)])
            #expect(try await client.push(device, second).status == .tooManyRequests)
            server.clock.advance(1)
            let changes = try await client.pullAll(device)
            #expect(changes.map(\.entityID) == [id], "the refused push left nothing behind")
        }
    }

    @Test func theDefaultsLetASyncClientAndItsBacklogThrough() async throws {
        let defaults = ServerConfiguration()
        #expect(defaults.requestBurst >= 1000, "a 10,000-change backlog is 10 pushes plus pulls")
        #expect(defaults.requestRate >= 10, "a sync every 10 s is about 0.3 requests per second")
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            for _ in 0..<200 { #expect(try await client.pull(device).status == .ok) }
        }
    }

    @Test func logInIsNotCountedAgainstATokenAndZeroTurnsTheLimitOff() async throws {
        let server = try await TestServer.make {
            $0.requestBurst = 1
            $0.requestRate = 0
        }
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            for _ in 0..<3 { _ = try await client.login() }
            let device = try await client.login()
            for _ in 0..<50 { #expect(try await client.pull(device).status == .ok) }
        }
    }
}
