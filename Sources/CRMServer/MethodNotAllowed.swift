// crm — a terminal-first CRM. Licensed under the MIT License.

import HTTPTypes
import Hummingbird

/// Answers 405 with an `Allow` header for a known path asked with a method it does not take.
///
/// Hummingbird's router finds routes by path and method together, so a wrong method on a real
/// path looked like an unknown path (404). Each path registers the methods it lacks here, after
/// its real routes, without authentication: the answer reveals nothing a client could not read
/// in Docs/SERVER.md.
enum MethodNotAllowed {
    /// The methods a route can be asked with, besides those it takes.
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Registers a 405 for every method of `methods` not in `allowed` on `path`.
    static func register(
        on router: Router<SyncRequestContext>, path: String, allowed: [HTTPRequest.Method]
    ) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in methods where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { _, _ -> Response in
                throw ServerError.methodNotAllowed(path: path, allow: allow)
            }
        }
    }
}
