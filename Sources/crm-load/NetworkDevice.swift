// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import NIOHTTP1

/// One device of the network bench: a counted connection that speaks as `crm sync` does.
///
/// The headers are the ones `SyncTransport` sends (`Accept`, a bearer token; bodies
/// gzip-compressed with `Content-Encoding: gzip`), so the counted bytes are what the real client
/// puts on the wire, but for the coding: gzip only, both ways, where `crm sync` asks for zstd
/// answers first and pushes zstd to a server that lists it at login. The same device also plays
/// the legacy client against `LegacyRecordServer`, with the same headers, so only the way of
/// syncing differs, not the coding (zstd bodies came about 2 % larger than gzip's on captured pull
/// pages and pushes, Docs/BENCHMARKS.md).
final class NetworkDevice {
    let index: Int
    let deviceID: String
    /// The bearer token; the legacy twin of a device is given its synced twin's.
    var token = ""
    private(set) var cursor: Int64 = 0
    /// Whether the server took the compact push format at login (`PushRowFormat`), as `crm sync` checks.
    private(set) var pushRows = false
    /// The last sync request's round trip, from writing it to its last byte read (decoding excluded).
    private(set) var lastRoundTrip = Duration.zero
    private var numbering: DeviceChanges
    private let connection: HTTPConnection
    /// Body bytes as they crossed the wire (compressed when gzip), to tell bodies from headers.
    private let bodies: ByteCounter
    private let encoder = WireCoding.encoder()
    private let timeout = TimeAmount.seconds(60)

    init(index: Int, connection: HTTPConnection, bodies: ByteCounter) {
        self.index = index
        let id = RecordID.make().rawValue
        deviceID = id
        numbering = DeviceChanges(deviceID: id)
        self.connection = connection
        self.bodies = bodies
    }

    /// Logs in through `POST /v1/session` (not part of the day: a device stays logged in).
    func login(tenant: String, user: String, password: String) async throws(LoadError) {
        let body = SessionRequest(
            tenant: tenant, user: user, password: password, deviceID: deviceID, deviceName: "network \(index)")
        let session = try await call(.POST, SyncAPI.sessionPath, body: body, as: SessionResponse.self)
        token = session.token
        pushRows = session.takesPushRows
    }

    /// Pushes `changes` made by `make`; all must be accepted.
    func push(_ changes: [WireChange]) async throws(LoadError) {
        for start in stride(from: 0, to: changes.count, by: SyncAPI.pushBatchChanges) {
            let batch = Array(changes[start..<min(start + SyncAPI.pushBatchChanges, changes.count)])
            let request = PushRequest(schemaVersion: 1, epoch: nil, deviceID: deviceID, changes: batch)
            let json: ByteBuffer
            do {
                json = pushRows ? ByteBuffer(string: PushRowFormat.body(request)) : try PushBodyWriter.write(request)
            } catch {
                throw .badBody("could not encode the push: \(error)")
            }
            let answer = try await call(.POST, SyncAPI.changesPath, json: json, as: PushResponse.self)
            guard answer.acceptedThrough >= batch.last?.deviceSeq ?? 0, answer.rejected.isEmpty else {
                let reason = answer.rejected.first.map { "\($0.code): \($0.message)" } ?? "not all accepted"
                throw .verificationFailed("device \(index): push refused: \(reason)")
            }
        }
    }

    /// Pulls the team's changes after the cursor, every page; returns how many arrived.
    func pull() async throws(LoadError) -> Int {
        var count = 0
        while true {
            let uri = "\(SyncAPI.changesPath)?after=\(cursor)&exclude_own=1&format=\(PullRows.compactFormat)"
            let page = try await pullSummary(uri)
            count += page.changeCount
            cursor = page.nextAfter
            if !page.hasMore { return count }
        }
    }

    /// One page after `after`, as the real client asks for it (the server's default page size); returns its size and the next cursor.
    func pullPage(after: Int64) async throws(LoadError) -> (changes: Int, nextAfter: Int64) {
        let uri = "\(SyncAPI.changesPath)?after=\(after)&exclude_own=1&format=\(PullRows.compactFormat)"
        let page = try await pullSummary(uri)
        return (page.changeCount, page.nextAfter)
    }

    /// The next change of this device, with a fresh id, `device_seq` and clock; `base` is the
    /// clock of the version it overwrites.
    func change(
        tx: Int64, entity: EntityKind, id: String, op: WireOp, field: String?, value: JSONValue, base: String?
    ) -> WireChange {
        numbering.make(txID: tx, entity: entity.rawValue, entityID: id, op: op, field: field, value: value, base: base)
    }

    /// The `device_seq` of this device's next change.
    var nextSeq: Int64 { numbering.nextSeq }

    /// The legacy way: `PUT` a whole record; `gzip` compresses the body as the sync client does
    /// (`CompressionPolicy`).
    func legacyPut(_ path: String, record: ByteBuffer, gzip: Bool) async throws(LoadError) {
        var body = record
        var extra = Self.acceptHeaders(gzip: gzip)
        if gzip, CompressionPolicy.compresses(record.readableBytes) {
            do { body = try Gzip.compress(record) } catch { throw .badBody("gzip: \(error)") }
            extra.append(("Content-Encoding", "gzip"))
        }
        let reply = try await connection.send(.PUT, path, token: token, body: body, timeout: timeout, extra: extra)
        bodies.add(sent: body.readableBytes, received: reply.body.readableBytes)
        guard reply.status == 204 else { throw .status(reply.status, code: "legacy PUT \(path)") }
    }

    /// The legacy way: `GET` a whole record; returns its JSON bytes, inflated.
    func legacyGet(_ path: String, gzip: Bool) async throws(LoadError) -> Int {
        let reply = try await connection.send(
            .GET, path, token: token, body: nil, timeout: timeout, extra: Self.acceptHeaders(gzip: gzip))
        bodies.add(received: reply.body.readableBytes)
        guard reply.status == 200 else { throw .status(reply.status, code: "legacy GET \(path)") }
        return try Self.inflated(reply).readableBytes
    }

    static func acceptHeaders(gzip: Bool) -> [(String, String)] {
        gzip ? [("Accept-Encoding", "gzip"), ("Accept", "application/json")] : [("Accept", "application/json")]
    }

    static func inflated(_ reply: HTTPReply) throws(LoadError) -> ByteBuffer {
        guard reply.gzipped else { return reply.body }
        do { return try Gzip.decompress(reply.body, maxSize: 256 << 20) } catch { throw .badBody("gzip: \(error)") }
    }

    func close() async { await connection.close() }

    /// One sync request as `SyncTransport` sends it, its 200 body inflated and decoded as `T`.
    private func call<T: Decodable>(
        _ method: HTTPMethod, _ uri: String, body: some Encodable, as type: T.Type
    ) async throws(LoadError) -> T {
        let json: ByteBuffer
        do { json = ByteBuffer(bytes: try encoder.encode(body)) } catch {
            throw .badBody("could not encode the request: \(error)")
        }
        return try await call(method, uri, json: json, as: type)
    }

    /// One sync request with a body already written, its 200 body inflated and decoded as `T`.
    private func call<T: Decodable>(
        _ method: HTTPMethod, _ uri: String, json: ByteBuffer, as type: T.Type
    ) async throws(LoadError) -> T {
        let inflated = try await exchange(method, uri, json: json)
        do {
            return try JSONDecoder().decode(T.self, from: Data(inflated.readableBytesView))
        } catch {
            throw .badBody("\(uri): \(error)")
        }
    }

    /// A pull page, scanned for its change count and cursor (`PullSummary`).
    private func pullSummary(_ uri: String) async throws(LoadError) -> PullSummary {
        try PullSummary(scanning: try await exchange(.GET, uri, json: nil))
    }

    /// One sync request as `SyncTransport` sends it (its JSON body gzip-compressed when `CompressionPolicy`
    /// says so for its size); its 200 body inflated.
    private func exchange(_ method: HTTPMethod, _ uri: String, json: ByteBuffer?) async throws(LoadError)
        -> ByteBuffer
    {
        var buffer: ByteBuffer?
        var extra = Self.acceptHeaders(gzip: true)
        if let json {
            if CompressionPolicy.compresses(json.readableBytes) {
                do { buffer = try Gzip.compress(json) } catch { throw .badBody("gzip: \(error)") }
                extra.append(("Content-Encoding", "gzip"))
            } else {
                buffer = json
            }
        }
        let started = ContinuousClock.now
        let reply = try await connection.send(
            method, uri, token: token.isEmpty ? nil : token, body: buffer, timeout: timeout, extra: extra)
        lastRoundTrip = ContinuousClock.now - started
        bodies.add(sent: buffer?.readableBytes ?? 0, received: reply.body.readableBytes)
        let inflated = try Self.inflated(reply)
        guard reply.status == 200 else {
            let code = (try? JSONDecoder().decode(ErrorBody.self, from: Data(inflated.readableBytesView)))?.error
            throw .status(reply.status, code: code ?? uri)
        }
        return inflated
    }
}
