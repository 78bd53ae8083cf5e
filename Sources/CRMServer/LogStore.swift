// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation

/// The server's durable state: tenants, users, devices, sessions, and the change log.
///
/// Controllers talk to this protocol only, so the SQLite store (one host) and a later
/// PostgreSQL store (many hosts) are interchangeable and every SQL statement lives behind it.
/// Every method is scoped by a tenant id that comes from a verified token, never from a body.
public protocol LogStore: Sendable {
    /// Creates or upgrades the schema; idempotent.
    func migrate() async throws

    /// Adds a tenant with a fresh epoch. Throws `StoreError.tenantExists` for a taken name.
    func addTenant(name: String, now: Int64) async throws -> TenantRecord

    /// Looks a tenant up by its name.
    func tenant(named name: String) async throws -> TenantRecord?

    /// Adds a user to a tenant. Throws `StoreError.userExists` for a taken name.
    func addUser(
        tenantID: String, name: String, email: String?, role: Role, passwordHash: String, now: Int64
    ) async throws -> UserRecord

    /// The tenant's directory, every user active or not, by name: what each device receives.
    func team(tenantID: String) async throws -> [TeamMember]

    /// Changes one user, found by login name; returns them as the directory now shows them.
    /// Deactivating (and a role change, which the tokens carry) revokes the user's sessions.
    func updateUser(tenantID: String, name: String, _ update: UserUpdate, now: Int64) async throws -> TeamMember

    /// The id of the user called `name` in a tenant, or nil.
    func userID(tenantID: String, name: String) async throws -> String?

    /// The login data for `user` in the tenant named `tenant`, or nil if either is unknown.
    func credentials(tenant: String, user: String) async throws -> Credentials?

    /// Stores a session and registers (or re-checks) its device. Throws
    /// `StoreError.deviceNotAllowed` when the device belongs to another user.
    func createSession(_ session: SessionRecord, deviceName: String) async throws

    /// The session with this token hash, revoked or not, or nil.
    func session(tokenHash: String) async throws -> SessionRecord?

    /// The session a push is admitted with: the one read now, or one the store kept, live at
    /// `now`, which it checks again in the push's own transaction (`PushBatch.session`), so that
    /// a session ended meanwhile writes nothing.
    func pushSession(tokenHash: String, now: Int64) async throws -> SessionRecord?

    /// Revokes one session. Returns whether a live session was revoked.
    @discardableResult
    func revokeSession(tokenHash: String, now: Int64) async throws -> Bool

    /// Revokes every live session of a user (optionally only one device). Returns how many.
    func revokeSessions(tenantID: String, userID: String, deviceID: String?, now: Int64) async throws -> Int

    /// Applies a push in one transaction and returns what to acknowledge.
    func push(_ batch: PushBatch) async throws -> PushOutcome

    /// Reads one page of the tenant's log after `after`, filtered as asked.
    func pull(_ query: PullQuery) async throws -> PullPage

    /// Reads the session of a token and, when it is live, a page of its tenant's log
    /// (`SessionPull`): on SQLite in one read transaction, on PostgreSQL in one statement.
    func sessionPull(_ request: SessionPull.Request) async throws -> SessionPull

    /// `sessionPull` answered on the caller's thread without waiting on anything, or nil when the
    /// store cannot (PostgreSQL answers over the network): `InPlacePull` then leaves the request
    /// to the router.
    func sessionPullInPlace(_ request: SessionPull.Request) throws -> SessionPull?

    /// Whether `sessionPullInPlace` answers: only then do the event loops take pulls in place.
    var readsInPlace: Bool { get }

    /// The session the store keeps in memory for `tokenHash`, live at `now`, which `pushSession`
    /// would admit a push with without a read; else nil, and `InPlacePush` leaves the push to the
    /// router, which reads it.
    func keptSession(tokenHash: String, now: Int64) -> SessionRecord?

    /// `push` answered by `completion` on whatever thread finished it, for an event loop that has
    /// no task to resume (`InPlacePush`); false, with `completion` never called, when the store
    /// cannot, and the router pushes instead.
    func submitPush(_ batch: PushBatch, completion: @escaping @Sendable (Result<PushOutcome, any Error>) -> Void)
        -> Bool

    /// The current registers one received message can touch (`MailRecordsQuery`), from
    /// `field_state` in one snapshot: the mail gateway reads these, never the log, so its first
    /// message after a start costs a few indexed lookups however long the tenant's log is.
    func mailRecords(_ query: MailRecordsQuery) async throws -> MailRecords

    /// The in-memory tail pulls are answered from (`TenantTail`), for its hit and miss counts at
    /// `GET /metrics`; nil for a store without one.
    var pullTail: TenantTail? { get }
}

extension LogStore {
    public var pullTail: TenantTail? { nil }

    /// A store that reads over the network answers no pull in place.
    public func sessionPullInPlace(_ request: SessionPull.Request) throws -> SessionPull? { nil }

    public var readsInPlace: Bool { false }

    public func keptSession(tokenHash: String, now: Int64) -> SessionRecord? { nil }

    /// A store that answers over the network pushes from the router's task only.
    public func submitPush(
        _ batch: PushBatch, completion: @escaping @Sendable (Result<PushOutcome, any Error>) -> Void
    ) -> Bool { false }

    /// A store that keeps no sessions reads the push's session now.
    public func pushSession(tokenHash: String, now: Int64) async throws -> SessionRecord? {
        try await session(tokenHash: tokenHash)
    }

    /// Adds a user without an email address.
    public func addUser(tenantID: String, name: String, role: Role, passwordHash: String, now: Int64) async throws
        -> UserRecord
    {
        try await addUser(tenantID: tenantID, name: name, email: nil, role: role, passwordHash: passwordHash, now: now)
    }
}

/// One administrative change to a user (`crm-server user rename | role | email | passwd | deactivate`).
public enum UserUpdate: Hashable, Sendable {
    case rename(String)
    case role(Role)
    case email(String?)
    case passwordHash(String)
    case deactivate
    case activate
}

/// A tenant: one customer's isolated data set.
public struct TenantRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var lastSeq: Int64
    public var epoch: String
}

/// A user of one tenant.
public struct UserRecord: Hashable, Sendable {
    public var tenantID: String
    public var id: String
    public var name: String
    public var role: Role
}

/// What login needs: ids, role, epoch and the bcrypt hash to verify against.
public struct Credentials: Hashable, Sendable {
    public var tenantID: String
    public var userID: String
    public var role: Role
    public var passwordHash: String
    public var epoch: String
}

/// A bearer session: the token's SHA-256 and everything the token is bound to.
public struct SessionRecord: Hashable, Sendable {
    public var tokenHash: String
    public var tenantID: String
    public var userID: String
    public var deviceID: String
    public var role: Role
    public var createdAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?
    /// When the token's user was disabled, or nil: a disabled user's tokens are refused at once.
    public var userDisabledAt: Int64?
    /// The tenant's auth revision in the snapshot this was read from (migration 6 of both
    /// stores): a session kept in memory (`SessionCache`) is good while the revision is the same.
    public var authRevision: Int64?

    public init(
        tokenHash: String, tenantID: String, userID: String, deviceID: String, role: Role, createdAt: Int64,
        expiresAt: Int64, revokedAt: Int64? = nil, userDisabledAt: Int64? = nil, authRevision: Int64? = nil
    ) {
        self.tokenHash = tokenHash
        self.tenantID = tenantID
        self.userID = userID
        self.deviceID = deviceID
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.userDisabledAt = userDisabledAt
        self.authRevision = authRevision
    }
}

/// One validated push, attributed from the token.
public struct PushBatch: Sendable {
    public var tenantID: String
    public var userID: String
    public var deviceID: String
    /// The pusher's role: the store refuses, change by change, what it may not write.
    public var role: Role
    public var epoch: String?
    public var changes: [WireChange]
    public var now: Int64
    /// Changes already refused by the stateless checks (an invalid value), by change id.
    public var refused: [String: RejectedChange]
    /// The session the push was admitted with, when a store may have answered it from memory
    /// (`LogStore.pushSession`): the store checks it again in the push's transaction.
    public var session: SessionRecord?

    public init(
        tenantID: String, userID: String, deviceID: String, role: Role = .admin, epoch: String?,
        changes: [WireChange], now: Int64, refused: [String: RejectedChange] = [:], session: SessionRecord? = nil
    ) {
        self.tenantID = tenantID
        self.userID = userID
        self.deviceID = deviceID
        self.role = role
        self.epoch = epoch
        self.changes = changes
        self.now = now
        self.refused = refused
        self.session = session
    }
}

/// What a committed push stored.
public struct PushOutcome: Hashable, Sendable {
    public var acceptedThrough: Int64
    public var seqFrom: Int64?
    public var seqTo: Int64?
    public var conflicts: [WireConflict]
    /// Changes counted against the device's sequence but not applied (SYNC.md scenario 19),
    /// including those of an earlier attempt of the same push.
    public var rejected: [RejectedChange] = []
}

/// One pull request, attributed from the token.
public struct PullQuery: Sendable {
    public var tenantID: String
    /// The pulling user: their own notification marks are the only ones they receive.
    public var userID: String
    public var deviceID: String
    public var role: Role
    public var after: Int64
    public var limit: Int
    public var excludeOwn: Bool
}

/// One page of the log, values as stored (`StoredChange`).
///
/// The page keeps the rows as read (a slice of the tail's run or of the read's array) and the
/// offsets of those its reader may not see, rather than an array of the visible ones: copying
/// each change into a new array retained it, and released it again with the page, on objects
/// every pull of the tenant shares across threads (the page's and the row writer's retains 1.8 %
/// of the server's samples at 24,000 devices, 0.6 % after; Docs/BENCHMARKS.md). `changes` makes
/// that array for whoever asks for it.
public struct PullPage: Hashable, Sendable {
    public var epoch: String
    /// The rows read, in seq order, those the reader may not see included.
    var read: ArraySlice<StoredChange>
    /// The offsets in `read` (from 0) of the rows the reader may not see, ascending.
    var hidden: [Int]
    public var nextAfter: Int64
    public var hasMore: Bool
    public var minRetainedSeq: Int64
    /// The tenant's team-directory version (`PullResponse.teamVersion`).
    public var teamVersion: Int64 = 0

    /// The rows the reader may see, in seq order.
    public var changes: [StoredChange] {
        var visible: [StoredChange] = []
        visible.reserveCapacity(count)
        forEachVisible { visible.append($0.pointee) }
        return visible
    }

    /// How many rows the reader may see.
    public var count: Int { read.count - hidden.count }

    /// `body` on each row the reader may see, in place and in order.
    ///
    /// Each pointer stays valid until `forEachVisible` returns, so `body` may keep the row before
    /// for the next call (`PullRowWriter` does), never past the loop.
    func forEachVisible(_ body: (UnsafePointer<StoredChange>) -> Void) {
        read.withUnsafeBufferPointer { rows in
            guard let base = rows.baseAddress else { return }
            var next = 0
            for offset in rows.indices {
                if next < hidden.count, hidden[next] == offset {
                    next += 1
                } else {
                    body(base + offset)
                }
            }
        }
    }

    public static func == (lhs: PullPage, rhs: PullPage) -> Bool {
        lhs.epoch == rhs.epoch && lhs.nextAfter == rhs.nextAfter && lhs.hasMore == rhs.hasMore
            && lhs.minRetainedSeq == rhs.minRetainedSeq && lhs.teamVersion == rhs.teamVersion
            && lhs.changes == rhs.changes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(nextAfter)
        hasher.combine(changes)
    }
}

extension PullPage {
    /// A page whose reader may see every row of `changes`.
    init(
        epoch: String, changes: [StoredChange], nextAfter: Int64, hasMore: Bool, minRetainedSeq: Int64,
        teamVersion: Int64 = 0
    ) {
        self.init(
            epoch: epoch, read: changes[...], hidden: [], nextAfter: nextAfter, hasMore: hasMore,
            minRetainedSeq: minRetainedSeq, teamVersion: teamVersion)
    }
}
