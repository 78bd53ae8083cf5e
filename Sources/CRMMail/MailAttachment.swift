// crm — a terminal-first CRM. Licensed under the MIT License.

import Crypto
import Foundation

/// A file attached to a message: its name, media type and decoded bytes.
public struct MailAttachment: Sendable, Hashable {
    /// The file name the sender gave (encoded words and RFC 2231 decoded), or `part-N` when none.
    public let name: String
    /// The lower-cased media type (`application/pdf`).
    public let contentType: String
    /// The decoded bytes.
    public let data: [UInt8]

    /// The decoded size in bytes.
    public var size: Int { data.count }

    public init(name: String, contentType: String, data: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.data = data
    }
}

extension MailAttachment {
    /// The SHA-256 of the bytes in lower-case hex: the attachment's name in a content-addressed
    /// store, so the same file sent twice is kept once.
    public var sha256: String { ContentHash.sha256(data) }
}

/// SHA-256 in lower-case hex: names attachments in their store, and stands in for the Message-ID
/// of a message that has none, so importing it twice is seen as the same message.
public enum ContentHash {
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The Message-ID a message without one is known by: the hash of its bytes, in a domain that
    /// cannot exist, the same for `crm mail import` and crm-server's mail gateway.
    public static func syntheticMessageID(_ bytes: [UInt8]) -> String {
        sha256(bytes) + "@no-message-id.crm.invalid"
    }
}
