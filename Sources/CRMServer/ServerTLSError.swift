// crm — a terminal-first CRM. Licensed under the MIT License.

/// Why `crm-server serve --tls-cert F --tls-key K` could not set up TLS, naming the file.
///
/// `exitCode` follows sysexits: 66 (no input) for a missing or unreadable file, 65 (data error)
/// for a file whose content is wrong.
public enum ServerTLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which of the two files an error is about.
    public enum Role: String, Sendable {
        case certificate = "TLS certificate"
        case privateKey = "TLS private key"
    }

    case missing(role: Role, path: String)
    case unreadable(role: Role, path: String)
    case notPEM(role: Role, path: String, reason: String)
    case keyDoesNotMatch(certificate: String, key: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let role, let path):
            "\(role.rawValue) file '\(path)' does not exist; check the path given to \(Self.option(role))"
        case .unreadable(let role, let path):
            "\(role.rawValue) file '\(path)' is not readable by this user; fix its permissions"
        case .notPEM(let role, let path, let reason):
            "\(role.rawValue) file '\(path)' is not a PEM \(role == .certificate ? "certificate chain" : "private key")"
                + " (\(reason)); \(Self.option(role)) expects the '-----BEGIN …-----' text form"
        case .keyDoesNotMatch(let certificate, let key, let reason):
            "TLS private key '\(key)' does not fit certificate '\(certificate)' (\(reason)); "
                + "give the key the certificate was issued for"
        }
    }

    /// The sysexits code `crm-server` exits with.
    public var exitCode: Int32 {
        switch self {
        case .missing, .unreadable: 66
        case .notPEM, .keyDoesNotMatch: 65
        }
    }

    static func option(_ role: Role) -> String { role == .certificate ? "--tls-cert" : "--tls-key" }
}
