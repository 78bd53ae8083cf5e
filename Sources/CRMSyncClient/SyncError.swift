// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why a sync did not complete, with what to do about it.
public enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    case notLoggedIn
    case unauthorized(String)
    case forbidden(String)
    case serverUnavailable(server: String, reason: String)
    case rejected(status: Int, code: String, message: String)
    case invalidResponse(String)
    case invalidServerURL(String)
    /// A pulled change that does not decode; its page was not applied and the cursor stayed at `cursor`.
    case undecodableChange(seq: Int64?, cursor: Int64, reason: String)
    /// A change of the local log that cannot be pushed as it is; nothing of its batch was sent.
    case invalidLocalChange(deviceSeq: Int64, reason: String)

    public var description: String {
        switch self {
        case .notLoggedIn:
            "this database is not linked to a server; run crm sync login --server URL --tenant T --user U"
        case .unauthorized(let message):
            "the server refused the login or token (\(message)); run crm sync login again"
        case .forbidden(let message):
            "the server forbids this: \(message)"
        case .serverUnavailable(let server, let reason):
            "cannot reach \(server): \(reason); local changes are kept and will be sent on the next sync"
        case .rejected(let status, let code, let message):
            "the server answered \(status) \(code): \(message)"
        case .invalidResponse(let detail):
            "the server's answer could not be read: \(detail)"
        case .invalidServerURL(let url):
            "'\(url)' is not a server URL (expected http://host:port or https://host)"
        case .undecodableChange(let seq, let cursor, let reason):
            "pulled change \(seq.map { "seq \($0)" } ?? "without a seq (in the page after seq \(cursor))") could not be read: "
                + "\(reason); nothing of its page was applied and the cursor stays at \(cursor), so the next sync "
                + "retries it"
        case .invalidLocalChange(let deviceSeq, let reason):
            "local change \(deviceSeq) cannot be pushed: \(reason); nothing was sent"
        }
    }

    /// Whether trying again later can help (network trouble, server errors, rate limits).
    public var isRetryable: Bool {
        switch self {
        case .serverUnavailable: true
        // Bad data on the server may be repaired; until then every sync stops at the same page.
        case .undecodableChange: true
        case .rejected(let status, _, _): status >= 500 || status == 429 || status == 408
        default: false
        }
    }
}
