// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The bytes of received attachments.
///
/// Each is stored once under its SHA-256 in a folder beside the
/// database (`crm.sqlite.attachments/`), within two limits: one file at most `maximumFileBytes`
/// (25 MiB, what most mail providers accept) and the folder at most `maximumTotalBytes` (1 GiB).
/// An attachment over either limit is still listed on its case, marked as not stored.
///
/// Files are written to a temporary name and renamed, so a crash leaves no half file under a
/// hash; a file written for a message whose transaction then failed is harmless (same bytes,
/// same name, found again on the next import).
public struct MailAttachmentStore: Sendable {
    public static let maximumFileBytes = 25 * 1_024 * 1_024
    public static let maximumTotalBytes = 1_024 * 1_024 * 1_024

    public let folder: String
    private let maximumTotal: Int

    /// The store beside the database at `databasePath`.
    public init(databasePath: String, maximumTotalBytes: Int = Self.maximumTotalBytes) {
        folder = databasePath + ".attachments"
        maximumTotal = maximumTotalBytes
    }

    /// Stores `bytes` under `sha256` unless over a limit; true when the bytes are in the store.
    public func put(_ bytes: [UInt8], sha256: String) throws -> Bool {
        let path = self.path(sha256)
        if FileManager.default.fileExists(atPath: path) { return true }
        guard bytes.count <= Self.maximumFileBytes, usedBytes() + bytes.count <= maximumTotal else { return false }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return true
    }

    /// The stored bytes of `sha256`, or nil.
    public func get(_ sha256: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(sha256)).map(Array.init)
    }

    private func path(_ sha256: String) -> String { (folder as NSString).appendingPathComponent(sha256) }

    private func usedBytes() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.reduce(0) { total, name in
            let size =
                (try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name)))?[
                    .size] as? Int
            return total + (size ?? 0)
        }
    }
}
