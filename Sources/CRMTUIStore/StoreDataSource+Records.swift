// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation

extension StoreDataSource {
    /// Search as you type ranks a window of 250 matches rather than the CLI's 500: it runs on
    /// every keystroke, and at a million records the window's size is what a letter costs.
    public func search(_ query: String, limit: Int) throws -> [CRMTUI.SearchHit] {
        try store.search(query, kinds: [.contact, .company, .deal, .supportCase], limit: limit, candidates: 250).map {
            hit in
            CRMTUI.SearchHit(ref: RecordRef(hit.kind, hit.id), title: hit.title, subtitle: hit.detail)
        }
    }

    public func detail(_ ref: RecordRef) throws -> RecordDetail {
        let (title, fields) = try detailFields(ref)
        let offset = TimeZone.current.secondsFromGMT()
        let timeline = try store.timeline(ref.kind, id: ref.id, timeZoneOffsetSeconds: offset).map {
            RecordDetail.TimelineEntry(
                at: $0.at, kind: $0.action, text: ($0.author.map { "\($0): " } ?? "") + $0.summary)
        }
        return RecordDetail(
            ref: ref, title: title, fields: fields + (try customFields(ref)), timeline: timeline,
            related: try relatedGroups(ref))
    }

    private func detailFields(_ ref: RecordRef) throws -> (String, [RecordDetail.Field]) {
        typealias Field = RecordDetail.Field
        switch ref.kind {
        case .contact:
            let item = try store.contact(ref.id)
            return (
                item.name,
                [
                    Field(name: "name", label: "Name", value: item.name),
                    Field(name: "email", label: "Email", value: item.email ?? ""),
                    Field(name: "phone", label: "Phone", value: item.phone ?? ""),
                    Field(name: "title", label: "Title", value: item.title ?? ""),
                    Field(name: "company", label: "Company", value: item.companyName ?? ""),
                    Field(name: "tags", label: "Tags", value: item.tags.joined(separator: ", ")),
                    Field(name: "owner", label: "Owner", value: try ownerName(item.ownerID)),
                ]
            )
        case .company:
            let item = try store.company(ref.id)
            return (
                item.name,
                [
                    Field(name: "name", label: "Name", value: item.name),
                    Field(name: "domain", label: "Domain", value: item.domain ?? ""),
                    Field(name: "industry", label: "Industry", value: item.industry ?? ""),
                    Field(name: "phone", label: "Phone", value: item.phone ?? ""),
                    Field(name: "owner", label: "Owner", value: try ownerName(item.ownerID)),
                ]
            )
        case .deal:
            let item = try store.deal(ref.id)
            return (
                item.title,
                [
                    Field(name: "title", label: "Title", value: item.title),
                    Field(name: "amount", label: "Amount", value: item.amount.decimalString),
                    Field(name: "currency", label: "Currency", value: item.amount.currency.code),
                    Field(name: "stage", label: "Stage", value: item.stageName),
                    Field(name: "company", label: "Company", value: item.companyName ?? ""),
                    Field(name: "contact", label: "Contact", value: item.contactName ?? ""),
                    Field(name: "close_date", label: "Close date", value: item.closeDate ?? ""),
                    Field(name: "lost_reason", label: "Lost reason", value: item.lostReason ?? ""),
                    Field(name: "owner", label: "Owner", value: try ownerName(item.ownerID)),
                ]
            )
        case .supportCase:
            let item = try store.supportCase(ref.id)
            return (
                item.subject,
                [
                    Field(name: "subject", label: "Subject", value: item.subject),
                    Field(name: "priority", label: "Priority", value: item.priority.rawValue),
                    Field(name: "status", label: "Status", value: item.status.rawValue),
                    Field(name: "queue", label: "Queue", value: item.queue ?? ""),
                    Field(name: "contact", label: "Contact", value: item.contactName ?? ""),
                    Field(name: "assignee", label: "Assignee", value: item.assigneeName ?? ""),
                    Field(
                        name: "first_response_due", label: "First reply due",
                        value: Presentation.dateTime(item.firstResponseDue)),
                    Field(
                        name: "resolution_due", label: "Resolution due",
                        value: Presentation.dateTime(item.resolutionDue)),
                    Field(name: "description", label: "Description", value: item.description ?? ""),
                ]
            )
        case .activity:
            let item = try store.activity(ref.id)
            return (
                item.subject,
                [
                    Field(name: "kind", label: "Kind", value: item.kind.rawValue),
                    Field(name: "subject", label: "Subject", value: item.subject),
                    Field(name: "due_at", label: "Due", value: item.dueAt.map(Presentation.dateTime) ?? ""),
                    Field(name: "done", label: "Done", value: item.done ? "yes" : "no"),
                    Field(name: "body", label: "Body", value: item.body ?? ""),
                    Field(name: "owner", label: "Owner", value: try ownerName(item.ownerID)),
                ]
            )
        default:
            throw AdapterError.unsupported(kind: ref.kind, action: "showing")
        }
    }

    public func addNote(to ref: RecordRef, text: String) throws {
        if ref.kind == .supportCase {
            _ = try store.noteOnCase(ref.id, text: text)
            return
        }
        guard let column = Self.linkField[ref.kind] else {
            throw AdapterError.unsupported(kind: ref.kind, action: "adding notes to")
        }
        try store.add(
            RecordDraft(
                .activity, fields: ["kind": .text("note"), "subject": .text(text), column: .text(ref.id.rawValue)]))
    }

    static let linkField: [EntityKind: String] = [
        .contact: "contact_id", .company: "company_id", .deal: "deal_id", .supportCase: "case_id",
    ]

    public func update(_ ref: RecordRef, fields: [String: String]) throws {
        try Self.mapDomainErrors {
            switch ref.kind {
            case .deal: try updateDeal(ref.id, fields)
            case .supportCase: try updateCase(ref.id, fields)
            case .contact, .company:
                var values = try Self.values(ref.kind, fields)
                try resolvePeople(fields, into: &values)
                try store.edit(
                    ref.id,
                    RecordDraft(ref.kind, fields: values, company: fields["company"], custom: Self.custom(fields)))
            default: throw AdapterError.unsupported(kind: ref.kind, action: "editing")
            }
        }
    }

    public func delete(_ ref: RecordRef) throws {
        try store.delete(ref.kind, id: ref.id)
    }

    public func create(_ kind: EntityKind, fields: [String: String]) throws -> RecordID {
        try Self.mapDomainErrors {
            switch kind {
            case .contact, .company:
                var values = try Self.values(kind, fields)
                try resolvePeople(fields, into: &values)
                let company = kind == .contact ? fields["company"].flatMap { $0.isEmpty ? nil : $0 } : nil
                return try store.add(RecordDraft(kind, fields: values, company: company, custom: Self.custom(fields)))
            case .deal: return try createDeal(fields)
            case .activity: return try createActivity(fields)
            case .supportCase:
                var values = try Self.values(.supportCase, fields.filter { $0.key != "contact" })
                try resolvePeople(fields, into: &values)
                let contact = fields["contact"].flatMap { $0.isEmpty ? nil : $0 }
                return try store.add(
                    RecordDraft(.supportCase, fields: values, contact: contact, custom: Self.custom(fields)))
            default: throw AdapterError.unsupported(kind: kind, action: "creating")
            }
        }
    }

    /// Parses form text into store values with the schema's own rules; `company` and `contact` are handled by the caller.
    static func values(_ kind: EntityKind, _ fields: [String: String], currency: String = "USD") throws -> [String:
        FieldValue]
    {
        var values: [String: FieldValue] = [:]
        for (name, text) in fields
        where !["company", "contact", "stage", "currency", "owner", "assignee"].contains(name)
            && !name.hasPrefix(FieldDefinition.prefix)
        {
            guard let spec = kind.field(name) else {
                throw FieldError(field: name, message: "\(kind.rawValue) has no field \(name)")
            }
            values[name] = try spec.parse(text, currency: currency)
        }
        return values
    }

    /// Runs `body`, turning the domain's "this value is wrong" errors into inline form errors.
    static func mapDomainErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DomainError {
            throw FieldError(field: formName(error.field), message: "\(error)")
        } catch StoreError.invalid(let error) {
            throw FieldError(field: formName(error.field), message: "\(error)")
        } catch StoreError.missingRequired(_, let field) {
            throw FieldError(field: formName(field), message: "\(field) is required")
        } catch let error as StoreError {
            if case .notFound(let kind, let handle) = error, kind == .contact || kind == .company {
                throw FieldError(field: kind.rawValue, message: "no \(kind.rawValue) “\(handle)”")
            }
            throw error
        }
    }

    static func formName(_ field: String) -> String {
        switch field {
        case "company_id": "company"
        case "contact_id": "contact"
        case "stage_id": "stage"
        default: field
        }
    }
}
