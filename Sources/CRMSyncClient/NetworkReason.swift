// crm — a terminal-first CRM. Licensed under the MIT License.

import AsyncHTTPClient
import Foundation
import NIOCore

/// Why a server could not be reached, as a short phrase for `SyncError.serverUnavailable`.
///
/// The network stack's own descriptions are for its developers ("connection reset (error set):
/// Connection refused) (errno: 111)"); a person wants "connection refused".
enum NetworkReason {
    static func phrase(_ error: any Error) -> String {
        if let io = error as? IOError { return errnoPhrase(io.errnoCode) }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout: return "the connection timed out"
            case .readTimeout, .deadlineExceeded: return "the server did not answer in time"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(http)"
            }
        }
        return "\(error)"
    }

    /// "connection refused" for ECONNREFUSED: the C library's message, lower-cased.
    static func errnoPhrase(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
