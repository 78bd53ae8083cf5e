// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird
import Logging

/// Turns every error into one the API answers with a structured JSON body.
///
/// Hummingbird's own errors (404 for an unknown route, 413 from body limits) get an `ErrorBody`,
/// and unexpected errors become a logged 500 that reveals nothing internal. `EdgeMiddleware`
/// applies it to every route.
enum ErrorConversion {
    /// The error to answer `error` with: our own errors as they are, Hummingbird's as a
    /// `ServerError`, and anything else as a 500, logged with what it was.
    static func converted(_ error: any Error, logger: Logger) -> any Error {
        switch error {
        case let error as ServerError: return error
        case let error as StoreError: return error
        case let error as HTTPError: return convert(error)
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return ServerError.internalError()
        }
    }

    static func convert(_ error: HTTPError) -> ServerError {
        switch error.status {
        case .notFound: .notFound
        case .contentTooLarge:
            ServerError(.contentTooLarge, .init(error: "body_too_large", message: error.body ?? "body too large"))
        case .methodNotAllowed:
            ServerError(
                .methodNotAllowed, .init(error: "method_not_allowed", message: "method not allowed on this path"))
        default:
            ServerError(
                error.status,
                .init(error: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase))
        }
    }
}
