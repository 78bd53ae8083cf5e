// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import HTTPTypes
import Hummingbird

/// Errors of a `LogStore` that a request or an operator command caused.
///
/// They conform to `HTTPResponseError` here, in the server module, so the store itself stays
/// free of HTTP; the CLI prints their descriptions.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case tenantExists(String)
    case tenantNotFound(String)
    case userExists(tenant: String, user: String)
    case userNotFound(tenant: String, user: String)
    case deviceNotAllowed(String)
    case deviceSeqGap(expected: Int64, got: Int64)
    case epochMismatch(epoch: String, lastDeviceSeq: Int64)
    case changeReused(changeID: String)
    case invalidBatch(String)
    case cursorAhead(after: Int64, lastSeq: Int64, epoch: String)
    /// The database could not store a write for a reason of its own (not the request's): 500.
    case writeFailed(String)

    public var description: String {
        switch self {
        case .tenantExists(let name): "tenant '\(name)' already exists; pick another name"
        case .tenantNotFound(let name): "no tenant '\(name)'; create it with `crm-server tenant add \(name)`"
        case .userExists(let tenant, let user): "user '\(user)' already exists in tenant '\(tenant)'"
        case .userNotFound(let tenant, let user): "no user '\(user)' in tenant '\(tenant)'"
        case .deviceNotAllowed(let id):
            "device \(id) is not registered to this user; run `crm sync login` to register a new device"
        case .deviceSeqGap(let expected, let got):
            "device_seq \(got) arrived but \(expected) is next; resend from device_seq \(expected)"
        case .epochMismatch(let epoch, let last):
            "the server database changed (epoch \(epoch)); re-push from device_seq \(last + 1) and re-bootstrap"
        case .changeReused(let id):
            "change \(id) (or its device_seq) was stored before with different content; a change never changes"
        case .invalidBatch(let reason): "invalid batch: \(reason)"
        case .cursorAhead(let after, let last, _):
            "cursor \(after) is beyond the log's end \(last): the server was restored; re-bootstrap"
        case .writeFailed(let reason): "the write was not stored: \(reason); retry"
        }
    }
}

extension StoreError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .tenantExists, .userExists, .deviceSeqGap, .epochMismatch, .cursorAhead: .conflict
        case .tenantNotFound, .userNotFound: .notFound
        case .deviceNotAllowed: .forbidden
        case .changeReused, .invalidBatch: .unprocessableContent
        case .writeFailed: .internalServerError
        }
    }

    var body: ErrorBody {
        switch self {
        case .deviceSeqGap(let expected, _):
            ErrorBody(error: "device_seq_gap", message: description, expected: expected)
        case .epochMismatch(let epoch, let last):
            ErrorBody(error: "epoch_mismatch", message: description, epoch: epoch, lastDeviceSeq: last)
        case .cursorAhead(_, _, let epoch):
            ErrorBody(error: "epoch_mismatch", message: description, epoch: epoch)
        case .changeReused(let id):
            ErrorBody(error: "change_id_reused_with_different_content", message: description, changeID: id)
        case .deviceNotAllowed: ErrorBody(error: "device_not_allowed", message: description)
        case .invalidBatch: ErrorBody(error: "invalid_batch", message: description)
        case .tenantExists, .userExists: ErrorBody(error: "exists", message: description)
        case .tenantNotFound, .userNotFound: ErrorBody(error: "not_found", message: description)
        case .writeFailed: ErrorBody(error: "internal", message: description)
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponder.response(body, status: status, request: request)
    }
}
