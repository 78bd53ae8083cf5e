// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMail
import Foundation

/// What `crm mail import` did, printed as lines or as one JSON object.
struct MailImportSummary {
    var messages = 0
    var casesOpened: [Int64] = []
    var replies: [Int64] = []
    var contactsCreated = 0
    var autoReplies = 0
    var bounces = 0
    var failingAddresses: [String] = []
    var duplicates = 0
    var attachments = 0
    /// Messages that could not be taken in, each with where it is and why.
    var refused: [String] = []

    func print(json: Bool) throws {
        if json {
            return Output.json(
                [
                    "messages": messages.jsonValue, "cases_opened": casesOpened.jsonValue, "replies": replies.jsonValue,
                    "contacts_created": contactsCreated.jsonValue, "auto_replies_skipped": autoReplies.jsonValue,
                    "bounces": bounces.jsonValue, "failing_addresses": failingAddresses.jsonValue,
                    "already_imported": duplicates.jsonValue, "attachments": attachments.jsonValue,
                    "refused": refused.jsonValue,
                ])
        }
        Output.line("\(messages) messages")
        Output.line("  \(casesOpened.count) new cases" + Self.numbers(casesOpened))
        Output.line("  \(replies.count) customer replies" + Self.numbers(replies))
        Output.line("  \(contactsCreated) new contacts, \(attachments) attachments")
        Output.line("  \(autoReplies) auto-replies skipped")
        Output.line(
            "  \(bounces) bounces"
                + (failingAddresses.isEmpty ? "" : ": failing \(failingAddresses.joined(separator: ", "))"))
        Output.line("  \(duplicates) already imported")
        for line in refused { Output.line("  refused \(line)") }
    }

    private static func numbers(_ list: [Int64]) -> String {
        list.isEmpty ? "" : ": " + list.map { "#\($0)" }.joined(separator: " ")
    }
}
