// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A received message, parsed into what a support desk needs: who wrote it, about what, the text to
/// show, the attachments, the ids that thread it, and whether a person or a machine sent it.
///
/// Parsing is total for anything with at least one header field: broken MIME (a missing closing
/// boundary, a bad transfer encoding, an unknown charset) degrades to the best readable text
/// instead of failing, as mail readers do, because a customer's mail must never be lost to a parse
/// error. The parser never stores anything and has no limits on size beyond ``MIMEPart``'s nesting
/// and part counts.
public struct MailMessage: Sendable, Hashable {
    public let headers: MailHeaders
    /// The MIME tree.
    public let root: MIMEPart
    public let from: MailAddress?
    public let to: [MailAddress]
    /// The subject with encoded words decoded and folding removed ("" when absent).
    public let subject: String
    /// The Message-ID without angle brackets.
    public let messageID: String?
    public let inReplyTo: [String]
    public let references: [String]
    public let date: Date?
    /// The body to show: the text/plain part, else the HTML part converted to text; LF line ends.
    public let text: String
    /// The HTML part, when there is one.
    public let html: String?
    public let attachments: [MailAttachment]
    public let kind: MailKind

    /// Every id this message answers: References then In-Reply-To, without repeats.
    public var threadIDs: [String] {
        var seen = Set<String>()
        return (references + inReplyTo).filter { seen.insert($0).inserted }
    }

    /// The case number tagged in the subject (`[#123]`), if any.
    public var caseTag: Int64? { CaseTag.number(in: subject) }

    /// Parses one message (RFC 5322 + MIME).
    /// - Throws: ``MailParseError/noHeaders`` when the bytes have no header field at all.
    public init(bytes: some Collection<UInt8>) throws(MailParseError) {
        let all = Array(bytes)
        var budget = MIMEPart.maximumParts
        let root = MIMEPart.parse(all[...], defaultType: "text/plain", depth: 0, budget: &budget)
        guard !root.headers.fields.isEmpty else { throw MailParseError.noHeaders(byteCount: all.count) }
        let headers = root.headers
        self.headers = headers
        self.root = root
        from = headers["From"].flatMap { MailAddress.list($0).first }
        to = headers.all("To").flatMap(MailAddress.list)
        subject = EncodedWords.decode(headers["Subject"] ?? "").replacingOccurrences(of: "\r\n", with: "")
            .replacingOccurrences(of: "\n", with: "").trimmingMailSpace()
        messageID = Self.ids(headers["Message-ID"] ?? "").first
        inReplyTo = Self.ids(headers["In-Reply-To"] ?? "")
        references = headers.all("References").flatMap(Self.ids)
        date = headers["Date"].flatMap(MailDate.parse)
        let (plain, html, attachments) = Self.content(of: root)
        self.html = html.map(Self.unixLines)
        text = Self.unixLines(plain ?? html.map(HTMLText.plainText) ?? "")
        self.attachments = attachments
        kind = MailKind.classify(headers: headers, root: root)
    }

    /// Text with CR LF line ends turned into LF, as the rest of crm stores text.
    static func unixLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// The ids in a Message-ID, In-Reply-To or References value: the `<...>` tokens, or the bare
    /// words when a broken mailer left the brackets out.
    static func ids(_ text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingMailSpace()
            if !id.isEmpty, !id.contains(" ") { result.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if result.isEmpty {
            result = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .map(String.init).filter { $0.contains("@") }
        }
        return result
    }

    /// The body texts and the attachments of a message.
    ///
    /// The first text/plain and text/html leaves that are not attachments (other text alternatives,
    /// such as text/enriched, are skipped), and the attachments: leaves with a file name,
    /// `Content-Disposition: attachment`, or a type that is not text. The parts of a delivery report
    /// are the report, not attachments.
    private static func content(of root: MIMEPart) -> (String?, String?, [MailAttachment]) {
        var plain: String?
        var html: String?
        var attachments: [MailAttachment] = []
        let isReport = root.contentType.value == "multipart/report"
        for leaf in root.leaves {
            let type = leaf.contentType.value
            let isAttachment = leaf.disposition?.value == "attachment" || leaf.fileName != nil
            if !isAttachment, leaf.contentType.type == "text" {
                if type == "text/plain", plain == nil { plain = leaf.text }
                if type == "text/html", html == nil { html = leaf.text }
                continue
            }
            if isReport, type.hasPrefix("message/") || type == "text/rfc822-headers" { continue }
            if leaf.contentType.type == "multipart" { continue }
            attachments.append(
                MailAttachment(
                    name: leaf.fileName ?? "part-\(attachments.count + 1)", contentType: type, data: leaf.body))
        }
        return (plain, html, attachments)
    }
}

/// Why a message could not be parsed at all.
public enum MailParseError: Error, Equatable, CustomStringConvertible {
    /// Not a message: no `Name: value` header line before the first blank line.
    case noHeaders(byteCount: Int)

    public var description: String {
        switch self {
        case .noHeaders(let count):
            "not a mail message: \(count) bytes without a single 'Name: value' header line before the first blank "
                + "line; check that the file is a message (.eml), not a mailbox index or an attachment"
        }
    }
}
