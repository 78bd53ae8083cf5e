// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMMail
import CRMStore

/// `crm mail import PATH`: every message of a Maildir or mbox becomes a case, a customer reply on
/// its case, or is skipped (auto-replies) or recorded (bounces), one transaction per message.
struct MailImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a Maildir or mbox: new mail opens cases, answers land on their case.",
        discussion: """
            A message answering a case (In-Reply-To/References naming a message crm took in, or a [#N] tag in \
            the subject) becomes a customer reply on it; any other message opens a case, its sender matched \
            to or created as a contact. Auto-replies are skipped; a bounce marks the failed address as \
            failing (crm contact show). Importing the same mailbox again changes nothing.

            Examples:
              crm mail import ~/Maildir
              crm mail import support.mbox --json
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A Maildir directory (cur/, new/) or an mbox file.") var path: String

    func run() throws {
        let mailbox: Mailbox
        do {
            mailbox = try Mailbox(path: path)
        } catch {
            throw Failure(error.description, code: error == .missing(path: path) ? .noInput : .dataError)
        }
        let store = try global.openStore()
        let attachments = MailAttachmentStore(databasePath: store.path)
        var summary = MailImportSummary()
        for entry in mailbox.entries {
            summary.messages += 1
            do {
                let message = try MailMessage(bytes: entry.bytes)
                try Self.take(message, entry: entry, store: store, attachments: attachments, summary: &summary)
            } catch let error as MailParseError {
                summary.refused.append("\(entry.location): \(error.description)")
            }
        }
        try summary.print(json: global.json)
    }

    /// Takes in one parsed message and counts what it did.
    static func take(
        _ message: MailMessage, entry: Mailbox.Entry, store: Store, attachments: MailAttachmentStore,
        summary: inout MailImportSummary
    ) throws {
        let messageID = message.messageID ?? ContentHash.syntheticMessageID(entry.bytes)
        switch message.kind {
        case .autoReply:
            if try store.recordUnansweredMail(messageID: messageID, outcome: "auto-reply", failing: [], reason: "") {
                summary.autoReplies += 1
            } else {
                summary.duplicates += 1
            }
        case .bounce(let failed):
            let reason = PrintableText.clean(message.subject, multiline: false)
            if try store.recordUnansweredMail(messageID: messageID, outcome: "bounce", failing: failed, reason: reason)
            {
                summary.bounces += 1
                summary.failingAddresses += failed
            } else {
                summary.duplicates += 1
            }
        case .message:
            guard let from = message.from, let address = try? EmailAddress(from.address) else {
                summary.refused.append(
                    "\(entry.location): no usable sender address in From (\(message.headers["From"] ?? "absent"))")
                return
            }
            if try store.mailSeen(messageID) {
                summary.duplicates += 1
                return
            }
            let listed = try message.attachments.map { attachment in
                let hash = attachment.sha256
                let stored = try attachments.put(attachment.data, sha256: hash)
                return MailAttachmentInfo(
                    name: PrintableText.clean(attachment.name, multiline: false), contentType: attachment.contentType,
                    size: attachment.size, sha256: hash, stored: stored)
            }
            let mail = InboundMail(
                messageID: messageID, threadIDs: message.threadIDs, caseNumber: message.caseTag, fromAddress: address,
                fromName: from.name.map { PrintableText.clean($0, multiline: false) },
                subject: PrintableText.clean(message.subject, multiline: false),
                text: PrintableText.clean(message.text, multiline: true), attachments: listed)
            switch try store.receiveMail(mail) {
            case .openedCase(_, let number, let created):
                summary.casesOpened.append(number)
                if created { summary.contactsCreated += 1 }
            case .answered(_, let number): summary.replies.append(number)
            case .duplicate: summary.duplicates += 1
            }
            summary.attachments += listed.count
        }
    }
}
