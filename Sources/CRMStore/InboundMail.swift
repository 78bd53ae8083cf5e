// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A received message as the store takes it.
///
/// Already parsed and classified (CRMMail), with text
/// that passed the schema's control-character rules. CRMStore knows nothing of MIME.
public struct InboundMail: Sendable, Hashable {
    /// The Message-ID (without angle brackets): the dedupe key.
    public var messageID: String
    /// The ids it answers (References, In-Reply-To).
    public var threadIDs: [String]
    /// The `[#N]` case number in its subject.
    public var caseNumber: Int64?
    public var fromAddress: EmailAddress
    public var fromName: String?
    public var subject: String
    public var text: String
    public var attachments: [MailAttachmentInfo]

    public init(
        messageID: String, threadIDs: [String], caseNumber: Int64?, fromAddress: EmailAddress, fromName: String?,
        subject: String, text: String, attachments: [MailAttachmentInfo]
    ) {
        self.messageID = messageID
        self.threadIDs = threadIDs
        self.caseNumber = caseNumber
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.subject = subject
        self.text = text
        self.attachments = attachments
    }
}

/// An attachment as listed on a case: name, type, size, and where its bytes are.
public struct MailAttachmentInfo: Sendable, Hashable {
    public var name: String
    public var contentType: String
    public var size: Int
    /// The SHA-256 of the bytes (hex): their name in the attachment store.
    public var sha256: String
    /// Whether the bytes are in the store (false when over the store's limits).
    public var stored: Bool

    public init(name: String, contentType: String, size: Int, sha256: String, stored: Bool) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.stored = stored
    }
}

/// What receiving one message did.
public enum InboundOutcome: Sendable, Equatable {
    /// A new case, and whether its contact was created for the sender.
    case openedCase(caseID: RecordID, caseNumber: Int64, contactCreated: Bool)
    /// A customer reply on an existing case.
    case answered(caseID: RecordID, caseNumber: Int64)
    /// The Message-ID was taken in before: nothing changed.
    case duplicate
}

/// An address a bounce said cannot receive mail.
public struct MailAddressStatus: Sendable, Hashable {
    public var email: String
    /// `failing`.
    public var status: String
    /// What the bounce said (its subject).
    public var reason: String
    public var at: Int64
}
