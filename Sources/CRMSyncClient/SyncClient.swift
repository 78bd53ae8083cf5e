// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync
import Foundation
import NIOHTTP1

/// The embedded sync client: pushes the local change log, then pulls everyone else's changes.
///
/// Push before pull (SYNC.md 3.10). A push is acknowledged only when the server has committed
/// it, and the acknowledgement is recorded locally afterwards, so a crash anywhere resends the
/// same change ids, which the server de-duplicates. Each pulled page is merged and the cursor
/// advanced in one local transaction; a page with a change that does not decode is not applied at
/// all and the cursor stays before it (`SyncError.undecodableChange`).
///
/// ```swift
/// let client = try SyncClient(store: store)
/// let report = try await client.syncOnce()
/// ```
public final class SyncClient: Sendable {
    /// What one sync did.
    public struct Report: Sendable, Equatable {
        public var pushed = 0
        public var pulled = 0
        public var applied = 0
        public var conflicts = 0
        /// Changes the server refused in this sync (`crm sync refused` lists them).
        public var refused = 0

        public init() {}
    }

    public static let pushBatch = 1000
    /// The sync setting that holds `rows` when the server took the compact push format at login.
    static let pushFormatSetting = "push_format"
    /// The sync setting that holds the coding pushes go in: `zstd` when the server listed it at
    /// login (`SessionResponse.pushEncodings`), absent for gzip.
    static let pushEncodingSetting = "push_encoding"
    let store: Store
    let transport: SyncTransport
    let token: String

    /// A client for the server this database is linked to (`crm sync login`).
    public init(store: Store, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let server = try store.syncSetting("server") else { throw SyncError.notLoggedIn }
        guard let token = TokenFile(deviceID: try store.deviceID(), environment: environment).load() else {
            throw SyncError.notLoggedIn
        }
        self.store = store
        self.token = token
        transport = try SyncTransport(server: server, caCertificate: try store.syncSetting("ca_cert"))
    }

    /// Logs in, stores the token (0600) and links the database to the server.
    @discardableResult
    public static func login(
        store: Store, server: String, tenant: String, user: String, password: String, caCertificate: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> SessionResponse {
        let transport = try SyncTransport(server: server, caCertificate: caCertificate)
        defer { Task { await transport.shutdown() } }
        let deviceID = try store.deviceID()
        let host = ProcessInfo.processInfo.hostName
        let request = SessionRequest(
            tenant: tenant, user: user, password: password, deviceID: deviceID, deviceName: "crm on \(host)")
        let response = try await transport.send(.POST, "/v1/session", json: try WireCoding.encoder().encode(request))
        let session: SessionResponse = try decode(response, as: SessionResponse.self)
        try TokenFile(deviceID: deviceID, environment: environment).save(session.token)
        for (key, value) in [
            ("server", server), ("tenant", tenant), ("user", user), ("role", session.role.rawValue),
            ("epoch", session.epoch),
        ] {
            try store.setSyncSetting(key, value)
        }
        try store.setSyncSetting("ca_cert", caCertificate)
        try store.setSyncSetting(pushFormatSetting, session.takesPushRows ? PushRowFormat.name : nil)
        try store.setSyncSetting(pushEncodingSetting, session.pushCoding == .zstd ? ContentCoding.zstd.rawValue : nil)
        let offset = session.serverTime - store.nowMillis
        try store.setSyncSetting("server_offset_ms", abs(offset) > 2_000 ? String(offset) : nil)
        if let id = RecordID(session.userID) {
            try store.adoptIdentity(User(id: id, num: 0, name: user, email: nil, role: session.role.rawValue))
        }
        try await Team.refresh(store: store, transport: transport, token: session.token)
        return session
    }

    /// Pushes every pending change, then pulls until the server has nothing more.
    public func syncOnce() async throws -> Report {
        defer { Task { [transport] in await transport.shutdown() } }
        var report = Report()
        do {
            try await push(into: &report)
            let teamVersion = try await pull(into: &report)
            if try store.syncSetting("team_version") != String(teamVersion) {
                try await Team.refresh(store: store, transport: transport, token: token)
                try store.setSyncSetting("team_version", String(teamVersion))
            }
            try store.setSyncSetting("last_sync", String(store.nowMillis))
            try store.setSyncSetting("last_error", nil)
        } catch {
            try? store.setSyncSetting("last_error", "\(error)")
            throw error
        }
        return report
    }

    private func push(into report: inout Report) async throws {
        var restamped = false
        var limit = SyncAPI.pushBatchChanges
        var maxBytes = SyncAPI.pushBatchBytes
        let deviceID = try store.deviceID()
        var rows = try store.syncSetting(Self.pushFormatSetting) == PushRowFormat.name
        var coding: ContentCoding = try store.syncSetting(Self.pushEncodingSetting) == "zstd" ? .zstd : .gzip
        while true {
            let pending = try store.pendingChanges(limit: limit, maxBytes: maxBytes)
            guard !pending.isEmpty else { return }
            let request = PushRequest(
                schemaVersion: 1, epoch: try store.syncSetting("epoch"), deviceID: deviceID,
                changes: try pending.map(WireConversion.wire))
            let json = rows ? Data(PushRowFormat.body(request).utf8) : try WireCoding.encoder().encode(request)
            let response = try await transport.send(
                .POST, SyncAPI.changesPath, json: json, token: token, coding: coding)
            if coding == .zstd, Self.refuses(response, as: "unsupported_encoding") {
                // A server downgraded since the login: gzip from now on, until the next login.
                try store.setSyncSetting(Self.pushEncodingSetting, nil)
                coding = .gzip
                continue
            }
            if rows, Self.refusesRows(response) {
                try store.setSyncSetting(Self.pushFormatSetting, nil)
                rows = false
                continue
            }
            if response.status == 422, let body = try? WireCoding.decoder().decode(ErrorBody.self, from: response.body),
                body.error == "clock_ahead", let serverTime = body.serverTime, !restamped
            {
                // This device's clock ran ahead: move its unpushed changes to server time, once.
                try store.restamp(
                    offsetMillis: serverTime - store.nowMillis, aheadLimitMillis: SyncAPI.maxClockAheadMillis)
                restamped = true
                continue
            }
            if response.status == 409, let body = try? WireCoding.decoder().decode(ErrorBody.self, from: response.body),
                body.error == "device_seq_gap", let expected = body.expected
            {
                // The server has less than we think: resend from what it expects.
                try store.resetAcknowledged(to: expected - 1)
                continue
            }
            if response.status == 413, pending.count > 1 {
                // A server with smaller limits than ours: halve the push until it fits (SYNC.md 3.13).
                limit = max(1, pending.count / 2)
                maxBytes = max(64 * 1024, maxBytes / 2)
                continue
            }
            let accepted = try Self.decode(response, as: PushResponse.self)
            try recordRefusals(accepted.rejected)
            try store.acknowledge(through: accepted.acceptedThrough)
            report.pushed += pending.count
            report.refused += accepted.rejected.count
        }
    }

    /// Whether `response` refuses push rows as a server without them does.
    ///
    /// Such a server (older than the rows it advertised at login: a downgrade since) looks for
    /// `changes`, finds none and answers 400 `bad_json`. The batch then goes again as objects, and
    /// so does every later push until the next login.
    static func refusesRows(_ response: SyncTransport.Response) -> Bool {
        refuses(response, as: "bad_json")
    }

    /// Whether `response` is a 400 with the error code `code`.
    static func refuses(_ response: SyncTransport.Response, as code: String) -> Bool {
        guard response.status == 400 else { return false }
        return (try? WireCoding.decoder().decode(ErrorBody.self, from: response.body))?.error == code
    }

    /// Keeps what the server refused for the user to see, and drops from this device the records
    /// its role may not hold (the server never will).
    private func recordRefusals(_ rejected: [RejectedChange]) throws {
        guard !rejected.isEmpty else { return }
        let role = try store.syncSetting("role").flatMap(Role.init(rawValue:))
        try store.recordRefusals(
            rejected,
            hidden: { kind in role.map { !RoleRules.sees($0, kind: kind, scope: nil) } ?? false })
    }

    /// Pulls every page; returns the tenant's team-directory version the last page reported.
    private func pull(into report: inout Report) async throws -> Int64 {
        var cursor = Int64(try store.syncSetting("cursor") ?? "0") ?? 0
        while true {
            // No `limit`: the server's default page (`SyncAPI.defaultPullLimit`) is the one wanted,
            // and leaving it out saves its bytes on every pull.
            let response = try await transport.send(
                .GET, "\(SyncAPI.changesPath)?after=\(cursor)&exclude_own=1&format=\(PullRows.compactFormat)",
                token: token)
            let page = try Self.decode(response, as: PullResponse.self)
            // A change that does not decode stops here: nothing of its page is applied and the
            // cursor stays, so the error is recorded and the next sync asks for the page again.
            let remote = try WireConversion.remote(page.changes, after: cursor)
            let stats = try store.applyRemote(
                remote.changes, conflicts: remote.conflicts, unknown: remote.unknown, cursor: page.nextAfter)
            report.pulled += page.changes.count
            report.applied += stats.applied + stats.created
            report.conflicts += stats.conflicts
            cursor = page.nextAfter
            if !page.hasMore { return page.teamVersion }
        }
    }

    /// Decodes a 2xx body, or turns an error status into a typed `SyncError`.
    static func decode<T: Decodable>(_ response: SyncTransport.Response, as type: T.Type) throws -> T {
        guard (200..<300).contains(response.status) else {
            let body = try? WireCoding.decoder().decode(ErrorBody.self, from: response.body)
            let message = body?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            switch response.status {
            case 401: throw SyncError.unauthorized(message)
            case 403: throw SyncError.forbidden(message)
            default: throw SyncError.rejected(status: response.status, code: body?.error ?? "error", message: message)
            }
        }
        do {
            return try WireCoding.decoder().decode(T.self, from: response.body)
        } catch {
            throw SyncError.invalidResponse("\(error)")
        }
    }
}
