// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Everything that can go wrong in one simulated request or in the run as a whole.
///
/// `kind` is the short name the report groups errors by (`timeout`, `http_409_device_seq_gap`,
/// …), so a run with thousands of failures prints a handful of lines that say what failed.
enum LoadError: Error, CustomStringConvertible, Equatable {
    /// The TCP connection could not be opened (refused, no free port, fd limit).
    case connect(String)
    /// No complete answer within the request timeout; the connection is closed.
    case timeout(seconds: Double)
    /// The server closed the connection with a request outstanding.
    case connectionClosed
    /// An answer other than the expected status; `code` is the body's `error` field if any.
    case status(Int, code: String)
    /// A 2xx answer whose body is not the JSON the protocol promises.
    case badBody(String)
    /// Bytes that are not an HTTP/1.1 answer crm-load can read (status line, head, length).
    case malformedAnswer(String)
    /// A configuration the run refuses before starting.
    case invalidPlan(String)
    /// The post-run checks found lost, duplicated or unexpected changes, or diverging devices.
    case verificationFailed(String)

    /// The grouping key in the report.
    var kind: String {
        switch self {
        case .connect: "connect"
        case .timeout: "timeout"
        case .connectionClosed: "connection_closed"
        case .status(let status, let code): "http_\(status)" + (code.isEmpty ? "" : "_\(code)")
        case .badBody: "bad_body"
        case .malformedAnswer: "malformed_answer"
        case .invalidPlan: "invalid_plan"
        case .verificationFailed: "verification_failed"
        }
    }

    var description: String {
        switch self {
        case .connect(let reason): "could not connect: \(reason)"
        case .timeout(let seconds): "no answer within \(seconds) s"
        case .connectionClosed: "the server closed the connection mid-request"
        case .status(let status, let code): "HTTP \(status) \(code)"
        case .badBody(let reason): "unexpected response body: \(reason)"
        case .malformedAnswer(let reason): "unreadable HTTP answer: \(reason)"
        case .invalidPlan(let reason): "invalid load plan: \(reason)"
        case .verificationFailed(let reason): "verification failed: \(reason)"
        }
    }
}
