// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Hummingbird
import Logging

/// `POST /v1/session` (log in) and `DELETE /v1/session` (revoke the caller's token).
struct SessionController {
    let store: any LogStore
    let configuration: ServerConfiguration
    /// Failures per tenant and user name: guessing one account's password.
    let nameThrottle: LoginThrottle
    /// Failures per client address, whatever the names: spraying passwords over many accounts.
    let addressThrottle: LoginThrottle
    /// Gzip inflation in flight, counted per address here: logins come before authentication.
    let inflation: InflationBudget

    init(store: any LogStore, configuration: ServerConfiguration, inflation: InflationBudget) {
        self.store = store
        self.configuration = configuration
        self.inflation = inflation
        nameThrottle = LoginThrottle(limit: configuration.loginFailureLimit, window: configuration.loginFailureWindow)
        addressThrottle = LoginThrottle(
            limit: configuration.addressLoginFailureLimit, window: configuration.loginFailureWindow)
    }

    func addRoutes(to router: Router<SyncRequestContext>, auth: BearerAuthMiddleware, limit: RateLimitMiddleware) {
        router.post(RouterPath(SyncAPI.sessionPath), use: create)
        router.group(RouterPath(SyncAPI.sessionPath)).add(middleware: auth).add(middleware: limit).delete(use: revoke)
        MethodNotAllowed.register(on: router, path: SyncAPI.sessionPath, allowed: [.post, .delete])
    }

    @Sendable func create(_ request: Request, context: SyncRequestContext) async throws -> Response {
        let address = ClientAddress.of(
            request, peer: ClientAddress.peer(context.remoteAddress), trustedProxies: configuration.trustedProxies)
        let reader = RequestBodyReader(
            configuration: configuration, wireLimit: configuration.maxLoginBodyBytes,
            inflatedLimit: configuration.maxLoginBodyBytes, budget: inflation, address: address)
        let body = try await reader.decode(SessionRequest.self, from: request)
        guard let deviceID = RecordID(body.deviceID)?.rawValue else {
            throw ServerError.unprocessable("invalid_device_id", "device_id '\(body.deviceID)' is not a UUID")
        }
        let name = LoginThrottle.key(tenant: body.tenant, user: body.user)
        if let wait = addressThrottle.retryAfter(address, now: configuration.now()) {
            throw ServerError.tooManyLoginsFromAddress(retryAfter: wait)
        }
        if let wait = nameThrottle.retryAfter(name, now: configuration.now()) {
            throw ServerError.tooManyLogins(retryAfter: wait)
        }
        let credentials = try await store.credentials(tenant: body.tenant, user: body.user)
        let valid = try await PasswordHasher.verify(body.password, hash: credentials?.passwordHash)
        guard valid, let credentials else {
            context.logger.notice(
                "login refused",
                metadata: ["tenant": "\(body.tenant)", "user": "\(body.user)", "address": "\(address)"])
            nameThrottle.recordFailure(name, now: configuration.now())
            addressThrottle.recordFailure(address, now: configuration.now())
            throw ServerError.badCredentials
        }
        // The address keeps its count: one valid account must not launder a spray over others.
        nameThrottle.clear(name)
        let now = configuration.nowMillis
        let token = SessionToken.make()
        let session = SessionRecord(
            tokenHash: SessionToken.hash(token), tenantID: credentials.tenantID, userID: credentials.userID,
            deviceID: deviceID, role: credentials.role, createdAt: now,
            expiresAt: now + Int64(configuration.tokenTTL * 1000))
        try await store.createSession(session, deviceName: String(body.deviceName.prefix(200)))
        let answer = SessionResponse(
            token: token, expiresAt: session.expiresAt, userID: credentials.userID, role: credentials.role,
            serverTime: now, epoch: credentials.epoch, pushFormats: [PushRowFormat.name],
            pushEncodings: ContentCoding.pushEncodings)
        return try JSONResponder.response(answer, request: request)
    }

    @Sendable func revoke(_ request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await store.revokeSession(tokenHash: identity.tokenHash, now: configuration.nowMillis)
        return Response(status: .noContent)
    }
}
