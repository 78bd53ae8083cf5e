// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import NIOHTTP1

/// One simulated device: its own connection, token and device id, syncing every `interval`.
///
/// A sync is what `crm sync` does: pull the tenant's changes after the cursor (excluding its own),
/// page by page, then push what is pending plus 1–5 new edits. Changes whose push failed stay
/// pending and are resent with the same ids and `device_seq`s, so the server de-duplicates them;
/// a broken connection is reopened at the next sync.
final class SimulatedClient {
    let index: Int
    let tenant: String
    let deviceID = RecordID.make().rawValue
    private let plan: LoadPlan
    private let stats: LoadStats
    private let group: any EventLoopGroup
    private let encoder = WireCoding.encoder()
    private var connection: HTTPConnection?
    private var session: SessionResponse?
    private var cursor: Int64 = 0
    private var editor: EditGenerator
    private var pending: [WireChange] = []
    private var pendingContacts: [String] = []
    private var random = SystemRandomNumberGenerator()

    init(index: Int, plan: LoadPlan, stats: LoadStats, group: any EventLoopGroup) {
        self.index = index
        self.plan = plan
        self.stats = stats
        self.group = group
        tenant = plan.tenantName(index % plan.tenants)
        editor = EditGenerator(deviceID: deviceID, label: "load \(index)")
    }

    /// Connects and logs in through `POST /v1/session`; true on success (failures are recorded).
    func start() async -> Bool {
        guard await reconnect() else { return false }
        let body = SessionRequest(
            tenant: tenant, user: plan.user, password: plan.password, deviceID: deviceID,
            deviceName: "crm-load \(index)")
        do {
            session = try await call(.login, .POST, SyncAPI.sessionPath, body: body, as: SessionResponse.self)
            if plan.connectionPerSync {
                await connection?.close()
                connection = nil
            }
            return true
        } catch {
            stats.record(error, during: .login)
            return false
        }
    }

    /// Syncs every `interval` from a random offset until `deadline`; a bounded number of rounds.
    func run(until deadline: ContinuousClock.Instant) async {
        let offset = Double.random(in: 0..<plan.interval, using: &random)
        var next = ContinuousClock.now + .seconds(offset)
        let rounds = Int((plan.duration / plan.interval).rounded(.up)) + 1
        for _ in 0..<rounds {
            guard next < deadline else { break }
            do { try await Task.sleep(until: next, clock: .continuous) } catch { break }
            await syncOnce()
            // A sync that overran its interval is not made up for with a burst: the next waits a full interval.
            next = max(next + .seconds(plan.interval), ContinuousClock.now)
        }
        stats.ledger.leaveUnacknowledged(tenant: tenant, changeIDs: pending.map(\.changeID))
        await connection?.close()
    }

    /// One sync; with `connectionPerSync` on a connection opened for it and closed after it.
    func syncOnce() async {
        await syncOnConnection()
        if plan.connectionPerSync {
            await connection?.close()
            connection = nil
        }
    }

    /// One pull (all pages up to the cap) and one push.
    private func syncOnConnection() async {
        if connection == nil {
            guard await reconnect() else { return }
        }
        do {
            for _ in 0..<plan.maxPagesPerSync {
                let page = try PullSummary(
                    scanning: try await send(
                        .pull, .GET, "\(SyncAPI.changesPath)?after=\(cursor)&limit=1000&exclude_own=1",
                        body: nil as Int?))
                stats.recordPulled(page.changeCount)
                cursor = page.nextAfter
                if !page.hasMore { break }
            }
        } catch {
            stats.record(error, during: .pull)
            await dropConnection(after: error)
            return
        }
        let made = editor.next(Int.random(in: plan.edits, using: &random), using: &random) { [stats, tenant] in
            var generator = SystemRandomNumberGenerator()
            return stats.ledger.randomContact(tenant: tenant, using: &generator)
        }
        pending += made.changes
        pendingContacts += made.created
        let batch = Array(pending.prefix(SyncAPI.pushBatchChanges))
        let request = PushRequest(schemaVersion: 1, epoch: session?.epoch, deviceID: deviceID, changes: batch)
        do {
            let answer = try PushSummary(scanning: try await send(.push, .POST, SyncAPI.changesPath, body: request))
            let acked = pending.filter { $0.deviceSeq <= answer.acceptedThrough }
            pending.removeAll { $0.deviceSeq <= answer.acceptedThrough }
            stats.recordPushed(acked.count)
            stats.ledger.acknowledge(tenant: tenant, changeIDs: acked.map(\.changeID), createdContacts: pendingContacts)
            pendingContacts = []
        } catch {
            stats.record(error, during: .push)
            await dropConnection(after: error)
        }
    }

    private func reconnect() async -> Bool {
        let started = ContinuousClock.now
        do {
            connection = try await HTTPConnection.connect(
                host: plan.host, port: plan.port, group: group, timeout: .seconds(Int64(plan.requestTimeout)))
            stats.record(.connect, milliseconds: (ContinuousClock.now - started).milliseconds)
            return true
        } catch {
            stats.record(error, during: .connect)
            return false
        }
    }

    /// After a timeout or a closed socket the connection's state is unknown: open a fresh one next time.
    private func dropConnection(after error: LoadError) async {
        switch error {
        case .timeout, .connectionClosed, .connect:
            await connection?.close()
            connection = nil
        default: break
        }
    }

    /// One request on this client's connection, timed, its 200 body decoded as `T`.
    private func call<T: Decodable>(
        _ operation: LoadStats.Operation, _ method: HTTPMethod, _ uri: String, body: (some Encodable)?, as type: T.Type
    ) async throws(LoadError) -> T {
        let answer = try await send(operation, method, uri, body: body)
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.readableBytesView))
        } catch {
            throw .badBody("\(uri): \(error)")
        }
    }

    /// One request on this client's connection, timed; the body of its 200 answer.
    private func send(
        _ operation: LoadStats.Operation, _ method: HTTPMethod, _ uri: String, body: (some Encodable)?
    ) async throws(LoadError) -> ByteBuffer {
        guard let connection else { throw .connectionClosed }
        var buffer: ByteBuffer?
        if let body {
            do {
                // A push, every sync, is written by hand, as rows where the server takes them
                // (`PushRowFormat`, as `crm sync` sends it), else as objects (`PushBodyWriter`); a
                // login by the encoder.
                if let push = body as? PushRequest {
                    let rows = session?.takesPushRows ?? false
                    buffer = rows ? ByteBuffer(string: PushRowFormat.body(push)) : try PushBodyWriter.write(push)
                } else {
                    buffer = ByteBuffer(bytes: try encoder.encode(body))
                }
            } catch {
                throw .badBody("could not encode the request: \(error)")
            }
        }
        let started = ContinuousClock.now
        let reply = try await connection.send(
            method, uri, token: session?.token, body: buffer, timeout: .milliseconds(Int64(plan.requestTimeout * 1000)))
        guard reply.status == 200 else {
            let code = (try? JSONDecoder().decode(ErrorBody.self, from: Data(reply.body.readableBytesView)))?.error
            throw .status(reply.status, code: code ?? "")
        }
        stats.record(operation, milliseconds: (ContinuousClock.now - started).milliseconds)
        return reply.body
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
