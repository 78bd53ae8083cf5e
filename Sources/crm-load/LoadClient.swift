// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore

/// One simulated device: its own connection, token and device id, syncing every `interval`.
///
/// A sync is what `crm sync` does: pull the tenant's changes after the cursor (excluding its own,
/// as compact rows), page by page, then push what is pending plus 1–5 new edits. Changes whose
/// push failed stay pending and are resent with the same ids and `device_seq`s, so the server
/// de-duplicates them; a broken connection is reopened at the next request.
///
/// A state machine driven by its lane's event loop (`LoadLane`), not a task: each answer moves it
/// to its next request, and a timer on the loop starts each sync. Every method runs on that loop.
final class LoadClient: AnswerReceiver {
    let index: Int
    let tenant: String
    let deviceID: String
    private unowned let lane: LoadLane
    private var connection: LoadConnection?
    private var requests: RequestBytes?
    private var epoch: String?
    /// Whether the server took push rows at login (`SessionResponse.takesPushRows`): pushes then
    /// go as rows, as `crm sync` sends them, else as objects.
    private var pushRows = false
    private var cursor: Int64 = 0
    private var editor: EditGenerator
    private var pending: [WireChange] = []
    private var pendingContacts: [String] = []
    private var random: SplitMix64
    private var colleagues: SplitMix64
    private var step = LoadStats.Operation.connect
    private var sentAt = NIODeadline.uptimeNanoseconds(0)
    /// The request in flight: its bytes, its body's as sent, and whether that went compressed.
    private var sent = LoadStats.WireBytes()
    private var pages = 0
    private var nextSync = NIODeadline.uptimeNanoseconds(0)
    private var deadline = NIODeadline.uptimeNanoseconds(0)

    init(index: Int, lane: LoadLane) {
        self.index = index
        self.lane = lane
        tenant = lane.plan.tenantName(index % lane.plan.tenants)
        deviceID = RecordID.make().rawValue
        editor = EditGenerator(deviceID: deviceID, label: "load \(index)")
        var seeds = SystemRandomNumberGenerator()
        random = SplitMix64(seed: seeds.next())
        colleagues = SplitMix64(seed: seeds.next())
    }

    private var plan: LoadPlan { lane.plan }
    private var stats: LoadStats { lane.stats }

    // MARK: Login

    /// Connects and logs in through `POST /v1/session`; tells the lane how it went.
    func logIn() {
        step = .login
        let login = SessionRequest(
            tenant: tenant, user: plan.user, password: plan.password, deviceID: deviceID,
            deviceName: "crm-load \(index)")
        guard let body = try? WireCoding.encoder().encode(login) else {
            fail(.badBody("could not encode the login of client \(index)"))
            return
        }
        withConnection { connection in
            self.send(RequestBytes.login(Array(body), host: self.lane.host, allocator: connection.channel.allocator))
        }
    }

    private func loggedIn(_ answer: HTTPAnswer) throws(LoadError) {
        let session: SessionResponse
        do {
            session = try JSONDecoder().decode(SessionResponse.self, from: Data(answer.body.readableBytesView))
        } catch {
            throw .badBody("\(SyncAPI.sessionPath): \(error)")
        }
        requests = RequestBytes(
            host: lane.host, token: session.token, gzip: plan.gzip, gzipMinimum: plan.gzipMinimum,
            acceptEncoding: plan.acceptEncoding, pushCoding: session.pushCoding)
        epoch = session.epoch
        pushRows = session.takesPushRows
        if plan.connectionPerSync { dropConnection() }
        lane.loginEnded(self, loggedIn: true)
    }

    // MARK: Syncing

    /// Schedules the first sync at a random offset within the interval after `start`; the client
    /// stops at `end` (a sync in flight then finishes first).
    func sync(from start: NIODeadline, until end: NIODeadline) {
        deadline = end
        nextSync = start + .nanoseconds(Int64(Double.random(in: 0..<plan.interval, using: &random) * 1e9))
        scheduleNext()
    }

    private func scheduleNext() {
        guard nextSync < deadline else {
            finish()
            return
        }
        lane.wake(self, at: nextSync)
    }

    /// Starts one sync (called by the lane's timer wheel).
    func startSync() {
        step = .pull
        pages = 0
        withConnection { _ in self.sendPull() }
    }

    private func sendPull() {
        guard let requests, let connection else { return fail(.connectionClosed) }
        if plan.floor { return send(requests.health(allocator: connection.channel.allocator)) }
        send(requests.pull(after: cursor, allocator: connection.channel.allocator))
    }

    private func pulled(_ answer: HTTPAnswer) throws(LoadError) {
        if plan.floor {
            step = .push
            return withConnection { _ in self.sendPush() }
        }
        let page = try PullSummary(scanning: answer.inflatedBody())
        stats.recordPulled(page.changeCount)
        cursor = page.nextAfter
        pages += 1
        if page.hasMore && pages < plan.maxPagesPerSync {
            withConnection { _ in self.sendPull() }
        } else {
            step = .push
            withConnection { _ in self.sendPush() }
        }
    }

    private func sendPush() {
        guard let requests, let connection else { return fail(.connectionClosed) }
        if plan.floor { return send(requests.health(allocator: connection.channel.allocator)) }
        let made = editor.next(Int.random(in: plan.edits, using: &random), using: &random) {
            stats.ledger.randomContact(tenant: tenant, using: &colleagues)
        }
        pending += made.changes
        pendingContacts += made.created
        let batch = Array(pending.prefix(SyncAPI.pushBatchChanges))
        let request = PushRequest(schemaVersion: 1, epoch: epoch, deviceID: deviceID, changes: batch)
        guard let body = pushRows ? PushRowFormat.body(request) : try? PushBodyWriter.text(request) else {
            return fail(.badBody("could not encode the push of client \(index)"))
        }
        do {
            let push = try requests.push(body, allocator: connection.channel.allocator)
            send(push.bytes, body: push.body, coding: push.coding)
        } catch {
            fail(.badBody("could not compress the push of client \(index): \(error)"))
        }
    }

    private func pushed(_ answer: HTTPAnswer) throws(LoadError) {
        if plan.floor { return endSync() }
        let through = try PushSummary(scanning: answer.inflatedBody()).acceptedThrough
        let acked = pending.filter { $0.deviceSeq <= through }
        pending.removeAll { $0.deviceSeq <= through }
        stats.recordPushed(acked.count)
        stats.ledger.acknowledge(tenant: tenant, changeIDs: acked.map(\.changeID), createdContacts: pendingContacts)
        pendingContacts = []
        endSync()
    }

    /// The sync is over (done or failed): the next one a full interval later, never a burst.
    private func endSync() {
        if plan.connectionPerSync { dropConnection() }
        nextSync = max(nextSync + .nanoseconds(Int64(plan.interval * 1e9)), NIODeadline.now())
        scheduleNext()
    }

    private func finish() {
        stats.ledger.leaveUnacknowledged(tenant: tenant, changeIDs: pending.map(\.changeID))
        dropConnection()
        lane.syncEnded()
    }

    // MARK: Requests

    func received(_ result: Result<HTTPAnswer, LoadError>) {
        do {
            let answer = try result.get()
            guard answer.status == 200 else {
                let body = (try? answer.inflatedBody()) ?? answer.body
                let code = try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView))
                throw LoadError.status(answer.status, code: code?.error ?? "")
            }
            var bytes = sent
            bytes.received = answer.headBytes + answer.body.readableBytes
            bytes.receivedBodies = answer.body.readableBytes
            bytes.gzipReceived = answer.coding == .gzip ? 1 : 0
            bytes.zstdReceived = answer.coding == .zstd ? 1 : 0
            stats.record(step, milliseconds: Double((NIODeadline.now() - sentAt).nanoseconds) / 1e6, bytes: bytes)
            switch step {
            case .login: try loggedIn(answer)
            case .pull: try pulled(answer)
            case .push: try pushed(answer)
            case .connect: break
            }
        } catch let error as LoadError {
            fail(error)
        } catch {
            fail(.badBody("\(error)"))
        }
    }

    /// Counts `error` against the current step and ends it.
    ///
    /// A failed login ends the client for good, a failed sync until the next one. A connection
    /// that was closed (timeout, unreadable answer) is let go.
    private func fail(_ error: LoadError) {
        stats.record(error, during: step)
        if let connection, !connection.isActive { self.connection = nil }
        switch step {
        case .login, .connect:
            dropConnection()
            lane.loginEnded(self, loggedIn: false)
        case .pull, .push:
            endSync()
        }
    }

    private func send(_ request: ByteBuffer, body: Int = 0, coding: ContentCoding? = nil) {
        guard let connection else { return fail(.connectionClosed) }
        sent = LoadStats.WireBytes(
            sent: request.readableBytes, sentBodies: body, gzipSent: coding == .gzip ? 1 : 0,
            zstdSent: coding == .zstd ? 1 : 0)
        sentAt = NIODeadline.now()
        connection.send(request, to: self, at: sentAt)
    }

    /// Runs `then` on an open connection, opening one first if there is none or it was closed.
    private func withConnection(_ then: @escaping (LoadConnection) -> Void) {
        if let connection, connection.isActive { return then(connection) }
        connection = nil
        let started = NIODeadline.now()
        LoadConnection.open(to: lane.address, on: lane.loop, timeout: lane.requestTimeout) { result in
            switch result {
            case .success(let connection):
                self.stats.record(.connect, milliseconds: Double((NIODeadline.now() - started).nanoseconds) / 1e6)
                self.connection = connection
                then(connection)
            case .failure(let error):
                self.stats.record(error, during: .connect)
                if self.step == .login { self.lane.loginEnded(self, loggedIn: false) } else { self.endSync() }
            }
        }
    }

    private func dropConnection() {
        connection?.close()
        connection = nil
    }

    /// Ends the outstanding request with a timeout if it is older than the plan's limit.
    func expire(now: NIODeadline) {
        connection?.expire(now: now, limit: lane.requestTimeout)
    }
}
