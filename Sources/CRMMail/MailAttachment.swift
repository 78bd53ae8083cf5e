// crm — a terminal-first CRM. Licensed under the MIT License.

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
