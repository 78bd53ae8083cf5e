// crm — a terminal-first CRM. Licensed under the MIT License.

import Hummingbird
import Logging

/// Turns every error into a structured JSON body: Hummingbird's own errors (404 for an unknown
/// route, 413 from body limits) get an `ErrorBody`, and unexpected errors become a logged 500
/// that reveals nothing internal.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch let error as HTTPError {
            throw convert(error)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw ServerError.internalError()
        }
    }

    func convert(_ error: HTTPError) -> ServerError {
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
