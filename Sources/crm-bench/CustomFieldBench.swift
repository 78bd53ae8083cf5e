// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMeasure
import CRMStore
import Foundation

/// Filter and sort on a custom field beside the same on `email` (issue 19: within 1.5x at
/// 1,000,000 contacts).
///
/// Gives every contact a text custom field holding a copy of its email (written through the
/// one write path, like `--set`), then times the same page both ways: the contacts from a
/// random prefix on, sorted, 50 rows (`--where "email>=PREFIX" --sort email`).
struct CustomFieldBench {
    let store: Store
    static let seed: UInt64 = 19
    static let fieldName = "Email copy"
    static let queries = 200

    func run(into report: inout BenchReport) throws {
        let total = try store.count(.contact)
        let definition = try field()
        let fill = try Measure.seconds { try copyEmails(into: definition) }
        report.print(
            "\n== custom fields: filter+sort on a custom text field vs on email, \(total) contacts "
                + String(format: "(values written in %.1f s)", fill))
        let prefixes = try store.randomContacts(Self.queries, seed: Self.seed).compactMap { $0.email?.prefix(3) }
            .map(String.init)
        guard !prefixes.isEmpty else { return report.print("no contact has an email; nothing to time") }
        func page(_ target: RecordQuery.Target, _ prefix: String) throws {
            let query = RecordQuery(
                conditions: [.init(target, .greaterOrEqual, .string(prefix))], sort: target, limit: 50)
            _ = try store.ids(of: .contact, matching: query)
        }
        let email = try Measure.samples(prefixes) { try page(.builtIn("email"), $0) }
        let custom = try Measure.samples(prefixes) { try page(.custom(definition.key, numeric: false), $0) }
        report.print(Measure.line("email >= prefix, sorted, 50 rows", email))
        report.print(Measure.line("custom field >= prefix, sorted, 50 rows", custom, target: "within 1.5x of email"))
        let (emailSummary, customSummary) = (LatencySummary(email), LatencySummary(custom))
        report.print(
            String(
                format: "ratio custom/email: p50 %.2fx   p99 %.2fx", customSummary.p50 / max(emailSummary.p50, 1e-9),
                customSummary.p99 / max(emailSummary.p99, 1e-9)))
    }

    /// The bench's field, defined once per database.
    private func field() throws -> FieldDefinition {
        if let existing = try store.fieldDefinitions(of: .contact).first(where: { $0.name == Self.fieldName }) {
            return existing
        }
        return try store.defineField(FieldDefinition(id: .make(), entity: .contact, name: Self.fieldName, type: .text))
    }

    /// Writes each contact's email into the field, 5,000 contacts a transaction.
    private func copyEmails(into definition: FieldDefinition) throws {
        var cursor: ListCursor?
        while true {
            let page = try store.contacts(after: cursor, limit: 5_000, tag: nil, companyID: nil)
            guard let last = page.last else { return }
            try store.write { recorder in
                for contact in page {
                    guard let email = contact.email else { continue }
                    try recorder.setCustom(.contact, id: contact.id, [definition.key: .string(email)])
                }
            }
            cursor = try store.cursor(after: .contact, num: last.num)
        }
    }
}
