// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Synchronization

/// A `LogStore` that passes every call to a real store and counts what the mail gateway reads:
/// pulls and the changes they returned, and the registers `mailRecords` returned.
final class CountingLogStore: LogStore {
    struct Counts: Hashable, Sendable {
        var pulls = 0
        var changesPulled = 0
        var mailReads = 0
        var registersRead = 0
    }

    let store: any LogStore
    private let tally = Mutex(Counts())

    init(_ store: any LogStore) {
        self.store = store
    }

    var counts: Counts { tally.withLock { $0 } }

    func pull(_ query: PullQuery) async throws -> PullPage {
        let page = try await store.pull(query)
        tally.withLock {
            $0.pulls += 1
            $0.changesPulled += page.changes.count
        }
        return page
    }

    /// The session, then the page through `pull`, so that an authenticated pull is counted too.
    func sessionPull(_ request: SessionPull.Request) async throws -> SessionPull {
        let session = try await store.session(tokenHash: request.tokenHash)
        guard let session, session.isLive(at: request.now) else { return SessionPull(session: session, page: nil) }
        return SessionPull(session: session, page: try await pull(request.query(for: session)))
    }

    func mailRecords(_ query: MailRecordsQuery) async throws -> MailRecords {
        let records = try await store.mailRecords(query)
        tally.withLock {
            $0.mailReads += 1
            $0.registersRead += records.registers.count
        }
        return records
    }

    func migrate() async throws { try await store.migrate() }

    func addTenant(name: String, now: Int64) async throws -> TenantRecord {
        try await store.addTenant(name: name, now: now)
    }

    func tenant(named name: String) async throws -> TenantRecord? { try await store.tenant(named: name) }

    func addUser(tenantID: String, name: String, email: String?, role: Role, passwordHash: String, now: Int64)
        async throws -> UserRecord
    {
        try await store.addUser(
            tenantID: tenantID, name: name, email: email, role: role, passwordHash: passwordHash, now: now)
    }

    func team(tenantID: String) async throws -> [TeamMember] { try await store.team(tenantID: tenantID) }

    func updateUser(tenantID: String, name: String, _ update: UserUpdate, now: Int64) async throws -> TeamMember {
        try await store.updateUser(tenantID: tenantID, name: name, update, now: now)
    }

    func userID(tenantID: String, name: String) async throws -> String? {
        try await store.userID(tenantID: tenantID, name: name)
    }

    func credentials(tenant: String, user: String) async throws -> Credentials? {
        try await store.credentials(tenant: tenant, user: user)
    }

    func createSession(_ session: SessionRecord, deviceName: String) async throws {
        try await store.createSession(session, deviceName: deviceName)
    }

    func session(tokenHash: String) async throws -> SessionRecord? { try await store.session(tokenHash: tokenHash) }

    func revokeSession(tokenHash: String, now: Int64) async throws -> Bool {
        try await store.revokeSession(tokenHash: tokenHash, now: now)
    }

    func revokeSessions(tenantID: String, userID: String, deviceID: String?, now: Int64) async throws -> Int {
        try await store.revokeSessions(tenantID: tenantID, userID: userID, deviceID: deviceID, now: now)
    }

    func push(_ batch: PushBatch) async throws -> PushOutcome { try await store.push(batch) }
}
