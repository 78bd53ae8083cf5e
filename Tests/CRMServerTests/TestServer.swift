// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMServer
import CRMSync
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A controllable server clock for tests.
final class TestClock: Sendable {
    let date = Mutex(Date())
    func now() -> Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
}

/// One server under test: a fresh store (temp-file SQLite or a new PostgreSQL database), two
/// tenants, users of every role.
struct TestServer {
    static let password = "correct horse battery"
    let directory: URL
    let database: String
    let store: any LogStore
    let clock = TestClock()
    var configuration: ServerConfiguration
    var tenants: [String: TenantRecord] = [:]

    /// Tenants "acme" and "globex"; users admin, manager, rep, agent in each (names prefixed for globex).
    static func make(
        _ backend: Backend = .sqlite, _ adjust: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-server-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try await backend.freshDatabase(in: directory)
        let store = try Backend.open(database)
        try await store.migrate()
        var server = TestServer(
            directory: directory, database: database, store: store, configuration: ServerConfiguration(port: 0))
        let clock = server.clock
        server.configuration.now = { clock.now() }
        adjust(&server.configuration)
        let hash = try await PasswordHasher.hash(password, cost: 4)
        for name in ["acme", "globex"] {
            let tenant = try await store.addTenant(name: name, now: 0)
            server.tenants[name] = tenant
            for role in Role.allCases {
                _ = try await store.addUser(
                    tenantID: tenant.id, name: role.rawValue, role: role, passwordHash: hash, now: 0)
            }
        }
        return server
    }

    func app() -> some ApplicationProtocol {
        app(store: store)
    }

    /// Another server instance on `store` (a second connection pool on the same database).
    func app(store: any LogStore) -> some ApplicationProtocol {
        var logger = Logger(label: "crm-server-test")
        logger.logLevel = .warning
        return buildApplication(configuration: configuration, store: store, logger: logger)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// A logged-in device as seen by tests.
struct TestDevice {
    let id: String
    let token: String
    let session: SessionResponse
    var nextSeq: Int64 = 1
    var millis: Int64

    /// A change stamped with this device's next HLC (not consuming a device_seq; see `take`).
    func change(
        entityID: String, op: WireOp = .set, field: String? = "name", value: JSONValue = .string("Ada"), seq: Int64,
        base: String? = nil, millis: Int64? = nil
    ) -> WireChange {
        change("contact", entityID, op: op, field: field, value: value, seq: seq, base: base, millis: millis)
    }

    /// A change to a record of another entity kind.
    func change(
        _ entity: String, _ entityID: String, op: WireOp = .set, field: String? = "name",
        value: JSONValue = .string("Ada"), seq: Int64, base: String? = nil, millis: Int64? = nil
    ) -> WireChange {
        WireChange(
            changeID: RecordID.make().rawValue, deviceSeq: seq, txID: seq,
            hlc: HLC(millis: millis ?? self.millis + seq, counter: 0).wire(deviceID: id), baseHLC: base,
            entity: entity, entityID: entityID, op: op, field: field, value: value)
    }

    func push(_ changes: [WireChange], epoch: String? = nil) -> PushRequest {
        PushRequest(schemaVersion: 1, epoch: epoch ?? session.epoch, deviceID: id, changes: changes)
    }
}

enum Wire {
    static func body(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try WireCoding.encoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try WireCoding.decoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    static func headers(_ token: String?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }
}

extension TestClientProtocol {
    func login(
        tenant: String = "acme", user: String = "manager", password: String = TestServer.password,
        device: String = UUID().uuidString.lowercased()
    ) async throws -> TestDevice {
        let request = SessionRequest(
            tenant: tenant, user: user, password: password, deviceID: device, deviceName: "test")
        let response = try await execute(
            uri: "/v1/session", method: .post, headers: Wire.headers(nil), body: try Wire.body(request))
        #expect(response.status == .ok, "login \(tenant)/\(user): \(String(buffer: response.body))")
        let session = try Wire.decode(SessionResponse.self, response)
        return TestDevice(id: device, token: session.token, session: session, millis: session.serverTime)
    }

    func push(_ device: TestDevice, _ request: PushRequest) async throws -> TestResponse {
        try await execute(
            uri: "/v1/changes", method: .post, headers: Wire.headers(device.token), body: try Wire.body(request))
    }

    func pull(
        _ device: TestDevice, after: Int64 = 0, limit: Int = 1000, excludeOwn: Bool = false, format: String? = nil
    ) async throws -> TestResponse {
        try await execute(
            uri: "/v1/changes?after=\(after)&limit=\(limit)&exclude_own=\(excludeOwn ? 1 : 0)"
                + (format.map { "&format=\($0)" } ?? ""), method: .get, headers: Wire.headers(device.token))
    }

    /// Pulls every page from `after` and returns all changes.
    func pullAll(_ device: TestDevice, after: Int64 = 0, limit: Int = 1000) async throws -> [WireChange] {
        var cursor = after
        var changes: [WireChange] = []
        for _ in 0..<10_000 {
            let response = try await pull(device, after: cursor, limit: limit)
            #expect(response.status == .ok)
            let page = try Wire.decode(PullResponse.self, response)
            changes += page.changes
            cursor = page.nextAfter
            if !page.hasMore { break }
        }
        return changes
    }
}

func newID() -> String { RecordID.make().rawValue }
