// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation

extension StoreDataSource {
    /// Edits a deal: plain fields and links in one transaction, then a stage move (recorded in history).
    func updateDeal(_ id: RecordID, _ fields: [String: String]) throws {
        let current = try store.deal(id)
        let currency = fields["currency"] ?? current.amount.currency.code
        var values = try Self.values(.deal, fields.filter { $0.key != "amount" })
        if fields["amount"] != nil || fields["currency"] != nil {
            let amount = fields["amount"] ?? current.amount.decimalString
            values["amount"] = try Self.spec(.deal, "amount").parse(amount, currency: currency)
        }
        try resolvePeople(fields, into: &values)
        try store.edit(
            id,
            RecordDraft(
                .deal, fields: values, company: fields["company"], contact: fields["contact"],
                custom: Self.custom(fields)))
        if let stageName = fields["stage"] { try store.moveDeal(id, to: try stage(named: stageName)) }
    }

    func createDeal(_ fields: [String: String]) throws -> RecordID {
        let currency = fields["currency"].flatMap { $0.isEmpty ? nil : $0 } ?? "USD"
        var values = try Self.values(.deal, fields.filter { $0.key != "amount" })
        values["amount"] = try Self.spec(.deal, "amount").parse(fields["amount"] ?? "", currency: currency)
        if let stageName = fields["stage"], !stageName.isEmpty {
            values["stage_id"] = .text(try stage(named: stageName).rawValue)
        }
        try resolvePeople(fields, into: &values)
        let company = fields["company"].flatMap { $0.isEmpty ? nil : $0 }
        let contact = fields["contact"].flatMap { $0.isEmpty ? nil : $0 }
        return try store.add(
            RecordDraft(.deal, fields: values, company: company, contact: contact, custom: Self.custom(fields)))
    }

    /// Edits a case: subject, queue, description and contact directly; priority through the SLA rules.
    func updateCase(_ id: RecordID, _ fields: [String: String]) throws {
        var values = try Self.values(.supportCase, fields.filter { !["priority", "status"].contains($0.key) })
        try resolvePeople(fields, into: &values)
        try store.edit(
            id, RecordDraft(.supportCase, fields: values, contact: fields["contact"], custom: Self.custom(fields)))
        if let priority = fields["priority"] { try setCasePriority(id, priority) }
        if let status = fields["status"] { try setCaseStatus(id, status) }
    }

    /// Resolves the form's person fields (`owner`, `assignee`) to ids.
    ///
    /// An active teammate's name, email or `me`; an empty field clears it. A wrong or ambiguous
    /// name is shown under the field.
    func resolvePeople(_ fields: [String: String], into values: inout [String: FieldValue]) throws {
        for (field, column) in [("owner", "owner_id"), ("assignee", "assignee_id")] {
            guard let text = fields[field] else { continue }
            guard !text.trimmed().isEmpty else {
                values[column] = .null
                continue
            }
            do {
                values[column] = .text(try store.resolveUser(text, forNewWork: true).rawValue)
            } catch let error as StoreError {
                throw FieldError(field: field, message: "\(error)")
            }
        }
    }

    /// The name of the person `id` names, "" for nobody.
    func ownerName(_ id: RecordID?) throws -> String {
        guard let id else { return "" }
        return try store.userNames()[id] ?? "(unknown user)"
    }

    /// Active teammates whose name, a word of it, or email starts with `text`.
    public func people(matching text: String, limit: Int) throws -> [String] {
        let key = TextKey.fold(text.trimmed())
        guard !key.isEmpty else { return [] }
        let matches = try store.team().filter { user in
            guard user.active else { return false }
            let name = TextKey.fold(user.name)
            return name.hasPrefix(key) || name.split(separator: " ").contains { $0.hasPrefix(key) }
                || (user.email.map { TextKey.fold($0).hasPrefix(key) } ?? false)
        }
        return Array(matches.prefix(limit).map(\.name))
    }

    func stage(named name: String) throws -> RecordID {
        let stages = try store.stages()
        guard let stage = stages.first(where: { TextKey.fold($0.name) == TextKey.fold(name) }) else {
            throw FieldError(
                field: "stage",
                message: "no stage named “\(name)”; one of: \(stages.map(\.name).joined(separator: ", "))")
        }
        return stage.id
    }

    static func spec(_ kind: EntityKind, _ name: String) throws -> FieldSpec {
        guard let spec = kind.field(name) else {
            throw FieldError(field: name, message: "\(kind.rawValue) has no field \(name)")
        }
        return spec
    }

    public func undoLast() throws -> String {
        let outcome = try store.undo(timeZoneOffsetSeconds: TimeZone.current.secondsFromGMT())
        var text = "undid #\(outcome.undone)"
        if let first = outcome.done.first { text += ": " + first }
        if outcome.done.count > 1 { text += " and \(outcome.done.count - 1) more" }
        if let kept = outcome.kept.first { text += "; kept " + kept }
        return text
    }
}
