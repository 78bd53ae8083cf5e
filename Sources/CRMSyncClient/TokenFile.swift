// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Where the session token lives: a file only its owner can read (mode 0600 in a 0700 folder).
///
/// `$XDG_CONFIG_HOME/crm/tokens/<device id>`, so several databases on one machine keep
/// separate sessions, and the token never sits inside the database file that gets backed up.
public struct TokenFile: Sendable {
    public let path: String

    public init(deviceID: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        path = config + "/crm/tokens/" + deviceID
    }

    /// Writes the token with owner-only permissions.
    public func save(_ token: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try Data(token.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The stored token, or nil.
    public func load() -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    /// Forgets the token.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
