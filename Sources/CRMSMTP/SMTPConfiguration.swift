// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Where and how to send mail: read from a `key = value` file (Docs/USER_GUIDE.md, "Running support
/// on email"); the password never lives in it, but in the environment (`CRM_SMTP_PASSWORD`) or in a
/// file only its owner can read.
public struct SMTPConfiguration: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case none, starttls, required }

    public var host: String
    public var port: Int
    public var from: String
    public var user: String?
    public var password: String?
    public var tls: TLSMode
    /// Extra CA certificates (PEM) to trust, for a server with a private CA.
    public var caFile: String?
    /// The domain of Message-IDs (the part after `@` of `from` by default).
    public var messageDomain: String

    public init(
        host: String, port: Int, from: String, user: String? = nil, password: String? = nil,
        tls: TLSMode = .starttls, caFile: String? = nil, messageDomain: String? = nil
    ) {
        self.host = host
        self.port = port
        self.from = from
        self.user = user
        self.password = password
        self.tls = tls
        self.caFile = caFile
        self.messageDomain =
            messageDomain ?? Self.bareAddress(from).split(separator: "@").last.map(String.init) ?? "crm.localhost"
    }

    /// The address of `from`, without a display name.
    public var fromAddress: String { Self.bareAddress(from) }

    /// The bare address of `Name <addr>` (or `addr`).
    static func bareAddress(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }

    /// Reads the file at `path`; `environment` supplies `CRM_SMTP_PASSWORD`.
    /// - Throws: ``SMTPConfigurationError`` naming the file, line or key at fault.
    public static func load(path: String, environment: [String: String]) throws(SMTPConfigurationError) -> Self {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path: path) }
        var values: [String: String] = [:]
        for (number, raw) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .badLine(path: path, line: number + 1, text: line)
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard ["host", "port", "from", "user", "tls", "password_file", "ca_file", "message_domain"].contains(key)
            else {
                throw .unknownKey(path: path, line: number + 1, key: key)
            }
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let host = values["host"], !host.isEmpty else { throw .missingKey(path: path, key: "host") }
        guard let from = values["from"], from.contains("@") else { throw .missingKey(path: path, key: "from") }
        guard let port = Int(values["port"] ?? "587"), (1...65_535).contains(port) else {
            throw .badValue(path: path, key: "port", value: values["port"] ?? "", expected: "a number 1–65535")
        }
        guard let tls = TLSMode(rawValue: values["tls"] ?? "starttls") else {
            throw .badValue(path: path, key: "tls", value: values["tls"] ?? "", expected: "none, starttls or required")
        }
        var password = environment["CRM_SMTP_PASSWORD"]
        if password == nil, let file = values["password_file"] { password = try Self.password(file: file) }
        if values["user"] != nil, password == nil {
            throw .noPassword(path: path)
        }
        return SMTPConfiguration(
            host: host, port: port, from: from, user: values["user"], password: password, tls: tls,
            caFile: values["ca_file"], messageDomain: values["message_domain"])
    }

    /// The first line of `file`, refused unless only its owner may read it (mode 0600 or 0400).
    static func password(file: String) throws(SMTPConfigurationError) -> String {
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw .passwordFile(path: file, reason: "it does not exist or cannot be read")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .passwordFile(
                path: file,
                reason: "group or others may read it (mode \(String(mode, radix: 8))); run chmod 600 \(file)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .passwordFile(path: file, reason: "it cannot be read")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}

/// What is wrong with the mail configuration.
public enum SMTPConfigurationError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case badLine(path: String, line: Int, text: String)
    case unknownKey(path: String, line: Int, key: String)
    case missingKey(path: String, key: String)
    case badValue(path: String, key: String, value: String, expected: String)
    case noPassword(path: String)
    case passwordFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "no mail configuration at \(path): create it with host, port, from (and user, tls) as key = value lines"
        case .badLine(let path, let line, let text): "\(path):\(line): '\(text)' is not key = value"
        case .unknownKey(let path, let line, let key):
            "\(path):\(line): unknown key '\(key)'; known: host, port, from, user, tls, password_file, ca_file, "
                + "message_domain"
        case .missingKey(let path, let key): "\(path): '\(key)' is missing (from must be an email address)"
        case .badValue(let path, let key, let value, let expected): "\(path): \(key) = '\(value)' should be \(expected)"
        case .noPassword(let path):
            "\(path) names a user but no password was given: set CRM_SMTP_PASSWORD or password_file (mode 600)"
        case .passwordFile(let path, let reason): "refusing the password file \(path): \(reason)"
        }
    }
}
