// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// What a write command prints when it is done.
///
/// stdout keeps the contract scripts read (SPEC section 4): the record's id alone, so
/// `id=$(crm contact add --name Ana)` works as it always has, and with `--json` the whole record
/// exactly as `crm <kind> show --json` prints it. People also get one sentence on stderr naming
/// what happened, the record's number (which every other command accepts) and its name:
/// `Added contact 42 Ana Lima <ana@example.com>`. It is on stderr so that capturing stdout never
/// picks it up, and `--quiet` leaves it out.
struct WriteReceipt {
    let global: GlobalOptions
    let store: Store

    init(_ global: GlobalOptions, _ store: Store) {
        self.global = global
        self.store = store
    }

    /// A contact: `Added contact 42 Ana Lima <ana@example.com>`.
    func contact(_ id: RecordID, _ verb: String, _ tail: String = "") throws {
        let contact = try store.contact(id)
        if global.json { return try ContactCommand.Show.print(contact, store: store, json: true) }
        say("\(verb) contact \(contact.num) \(contact.name)" + (contact.email.map { " <\($0)>" } ?? "") + tail, id)
    }

    /// A company: `Added company 3 Acme GmbH`.
    func company(_ id: RecordID, _ verb: String, _ tail: String = "") throws {
        let company = try store.company(id)
        if global.json { return try CompanyCommand.Show.print(company, store: store, json: true) }
        say("\(verb) company \(company.num) \(company.name)" + tail, id)
    }

    /// A deal: `Moved deal 7 "Acme renewal" to Negotiation`.
    func deal(_ id: RecordID, _ verb: String, _ tail: String = "") throws {
        let deal = try store.deal(id)
        if global.json { return try DealCommand.Show.print(deal, store: store, json: true) }
        say("\(verb) deal \(deal.num) \(Self.quoted(deal.title))" + tail, id)
    }

    /// A case: `Opened case 12 "Printer on fire" (urgent)`.
    func supportCase(_ id: RecordID, _ verb: String, _ tail: String = "") throws {
        let item = try store.supportCase(id)
        if global.json { return try CaseCommand.Show.print(item, store: store, json: true) }
        say("\(verb) case \(item.num) \(Self.quoted(item.subject))" + tail, id)
    }

    /// An activity, named by its kind: `Added task 55 "Call Ana", due 2026-12-01 14:00`.
    func activity(_ id: RecordID, _ verb: String, _ tail: String = "") throws {
        let activity = try store.activity(id)
        if global.json { return try ActivityCommand.Show.print(activity, json: true) }
        let due = activity.kind == .task && !activity.done ? activity.dueAt.map { ", due \(Clock.local($0))" } : nil
        say(
            "\(verb) \(activity.kind.rawValue) \(activity.num) \(Self.quoted(activity.subject))" + tail + (due ?? ""),
            id)
    }

    /// The sentence on stderr (unless `--quiet`), then the id on stdout, both made terminal-safe:
    /// in a terminal the sentence comes first and the id stands under it.
    func say(_ sentence: String, _ id: RecordID) {
        if !global.quiet { Output.error(sentence + "\n") }
        Output.line(id.rawValue)
    }

    /// A title or subject in quotes, so where it ends is clear in a sentence.
    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
