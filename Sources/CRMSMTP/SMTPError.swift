// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why a message was not delivered; `isTemporary` says whether trying again later may work.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    /// The server could not be reached (refused, unreachable, timed out).
    case connect(host: String, port: Int, reason: String)
    /// The server answered `command` with an error reply.
    case reply(command: String, code: Int, text: String)
    /// TLS is required by the configuration but the server does not offer STARTTLS.
    case tlsNotOffered(host: String)
    /// A user is configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authNotOffered(host: String)
    /// The connection closed or broke mid-session (or the session's 60 s limit closed it).
    case connectionLost(after: String)

    /// 4xx replies and network trouble are worth a retry; 5xx replies and configuration mismatches are not.
    public var isTemporary: Bool {
        switch self {
        case .connect, .connectionLost: true
        case .reply(_, let code, _): code < 500
        case .tlsNotOffered, .authNotOffered: false
        }
    }

    public var description: String {
        switch self {
        case .connect(let host, let port, let reason):
            "cannot reach the SMTP server \(host):\(port) (\(reason)); the mail stays queued"
        case .reply(let command, let code, let text): "the SMTP server answered \(command) with \(code) \(text)"
        case .tlsNotOffered(let host):
            "\(host) does not offer STARTTLS but the mail configuration says tls = required; "
                + "set tls = starttls (use it when offered) or point host at a server that offers it"
        case .authNotOffered(let host):
            "\(host) offers neither AUTH PLAIN nor AUTH LOGIN (over TLS, servers often only offer AUTH after STARTTLS)"
        case .connectionLost(let after):
            "the SMTP connection closed after \(after) (the server hung up, or did not finish within 60 s)"
        }
    }
}
