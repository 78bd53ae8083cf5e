// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm mail outbox`: what is queued, sent, failed or in doubt, and why.
struct MailOutbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "List the replies to send: queued, sent, failed or unknown, with the reason.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let entries = try global.openStore().outbox()
        if global.json {
            return Output.json(
                entries.map { entry -> JSONValue in
                    [
                        "message_id": entry.messageID.jsonValue, "case": entry.caseNumber.jsonValue,
                        "to": entry.recipient.jsonValue, "subject": entry.subject.jsonValue,
                        "state": entry.state.rawValue.jsonValue, "attempts": entry.attempts.jsonValue,
                        "error": entry.lastError.jsonValue, "in_reply_to": entry.inReplyTo.jsonValue,
                        "references": entry.references.jsonValue, "created_at": Clock.iso(entry.createdAt),
                        "updated_at": Clock.iso(entry.updatedAt),
                    ]
                })
        }
        if entries.isEmpty { return Output.line("The outbox is empty: crm case reply puts replies here.") }
        Output.table(
            ["STATE", "CASE", "TO", "SUBJECT", "TRIES", "WHY"],
            entries.map {
                [
                    $0.state.rawValue, "#\($0.caseNumber)", $0.recipient, $0.subject, "\($0.attempts)",
                    $0.lastError ?? "",
                ]
            })
    }
}

/// `crm mail retry ID`: puts a failed or unknown reply back in the queue, once a person checked.
struct MailRetry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue a failed or unknown reply again (check first that an unknown one did not arrive).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The Message-ID shown by crm mail outbox.") var messageID: String

    func run() throws {
        let store = try global.openStore()
        let id = messageID.trimmingCharacters(in: ["<", ">"])
        guard
            try store.moveOutbox(id, from: .unknown, to: .queued) || store.moveOutbox(id, from: .failed, to: .queued)
        else {
            throw Failure(
                "no failed or unknown reply with Message-ID \(id) in the outbox (crm mail outbox)", code: .noInput)
        }
        Output.line(id)
    }
}
