// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import HTTPTypes
import Hummingbird

/// Every error the sync API answers with: an HTTP status plus a structured `ErrorBody`.
///
/// Conforms to `HTTPResponseError` so Hummingbird renders it; the body is JSON with a stable
/// `error` code and a message that says what went wrong and how to fix it.
public struct ServerError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    public var status: HTTPResponse.Status
    public var body: ErrorBody
    /// Seconds for the `Retry-After` header (429), or nil for none.
    public var retryAfter: Int?
    /// The `Allow` header of a 405: the methods the path takes.
    public var allow: String?

    public init(_ status: HTTPResponse.Status, _ body: ErrorBody, retryAfter: Int? = nil, allow: String? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
        self.allow = allow
    }

    public var description: String { "\(status.code) \(body.error): \(body.message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponder.response(body, status: status, request: request)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        return response
    }
}

extension ServerError {
    static func badJSON(_ detail: String) -> ServerError {
        ServerError(.badRequest, ErrorBody(error: "bad_json", message: "the body is not the expected JSON: \(detail)"))
    }

    static func badRequest(_ code: String, _ message: String) -> ServerError {
        ServerError(.badRequest, ErrorBody(error: code, message: message))
    }

    /// The one 401 body for every credential failure, so callers cannot tell which part was wrong.
    static let badCredentials = ServerError(
        .unauthorized,
        ErrorBody(error: "unauthorized", message: "tenant, user or password is wrong; check them and log in again"))

    /// 429 for a name with too many recent failed logins.
    static func tooManyLogins(retryAfter: Int) -> ServerError {
        ServerError(
            .tooManyRequests,
            ErrorBody(
                error: "too_many_logins",
                message: "too many failed logins for this user; wait \(retryAfter) s (Retry-After) and try again"),
            retryAfter: retryAfter)
    }

    /// 429 for a client address with too many recent failed logins, whatever the names.
    static func tooManyLoginsFromAddress(retryAfter: Int) -> ServerError {
        ServerError(
            .tooManyRequests,
            ErrorBody(
                error: "too_many_logins",
                message: "too many failed logins from this address; wait \(retryAfter) s (Retry-After) and try again"),
            retryAfter: retryAfter)
    }

    /// 429 for a session token that sent more requests than its rate allows.
    static func tooManyRequests(retryAfter: Int, rate: Double) -> ServerError {
        ServerError(
            .tooManyRequests,
            ErrorBody(
                error: "too_many_requests",
                message: "this session sent more than \(Int(rate)) requests per second; "
                    + "wait \(retryAfter) s (Retry-After) and sync less often"),
            retryAfter: retryAfter)
    }

    static func unauthorized(_ message: String) -> ServerError {
        ServerError(.unauthorized, ErrorBody(error: "unauthorized", message: message))
    }

    static func forbidden(_ code: String, _ message: String) -> ServerError {
        ServerError(.forbidden, ErrorBody(error: code, message: message))
    }

    /// 405 for a known path asked with a method it does not take.
    static func methodNotAllowed(path: String, allow: String) -> ServerError {
        ServerError(
            .methodNotAllowed,
            ErrorBody(error: "method_not_allowed", message: "\(path) takes \(allow) only; see Docs/SERVER.md"),
            allow: allow)
    }

    /// 429 (one address) or 503 (the whole server) when gzip inflation in flight is at its bound.
    static func inflationBusy(addressBound: Int?) -> ServerError {
        if let addressBound {
            return ServerError(
                .tooManyRequests,
                ErrorBody(
                    error: "too_many_requests",
                    message: "this address has \(addressBound) bytes of gzip bodies inflating already; "
                        + "wait 1 s (Retry-After) and send one at a time"),
                retryAfter: 1)
        }
        return ServerError(
            .serviceUnavailable,
            ErrorBody(
                error: "server_busy",
                message: "the server is inflating as many gzip bodies as it allows; wait 1 s (Retry-After) and retry"),
            retryAfter: 1)
    }

    static let notFound = ServerError(
        .notFound, ErrorBody(error: "not_found", message: "no such endpoint; see Docs/SERVER.md"))

    static func tooLarge(limit: Int) -> ServerError {
        ServerError(
            .contentTooLarge,
            ErrorBody(
                error: "body_too_large", message: "the body exceeds \(limit) bytes; send fewer changes per request"))
    }

    static func tooLarge(changes: Int, limit: Int) -> ServerError {
        ServerError(
            .contentTooLarge,
            ErrorBody(error: "too_many_changes", message: "\(changes) changes in one push; send at most \(limit)"))
    }

    static func internalError() -> ServerError {
        ServerError(
            .internalServerError,
            ErrorBody(error: "internal", message: "the server failed; nothing was stored, retry later"))
    }

    static func unprocessable(_ code: String, _ message: String, changeID: String? = nil, serverTime: Int64? = nil)
        -> ServerError
    {
        ServerError(
            .unprocessableContent,
            ErrorBody(error: code, message: message, serverTime: serverTime, changeID: changeID))
    }

    static func validation(_ error: SyncValidationError) -> ServerError {
        unprocessable(error.code, error.description, changeID: error.changeID)
    }
}
