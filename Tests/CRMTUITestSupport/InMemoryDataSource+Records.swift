// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Foundation

extension InMemoryModel {
    /// The display name of any record.
    func name(of ref: RecordRef) -> String {
        switch ref.kind {
        case .contact: contacts[ref.id]?.name ?? "?"
        case .company: companies[ref.id]?.name ?? "?"
        case .deal: deals[ref.id]?.title ?? "?"
        case .supportCase: cases[ref.id]?.subject ?? "?"
        default: "?"
        }
    }

    /// The company named `name` (case and accents ignored), created when there is none: the
    /// store's rule (`Store.add` with a company by text), held by `DataSourceContractTests`.
    mutating func companyID(named name: String) -> RecordID? {
        guard !name.isEmpty else { return nil }
        if let found = companies.values.first(where: { TextKey.fold($0.name) == TextKey.fold(name) }) {
            return found.id
        }
        let id = newID()
        companies[id] = Company(id: id, name: name, domain: "", industry: "")
        log(RecordRef(.company, id), "create", "created")
        return id
    }

    func fields(of ref: RecordRef) -> [RecordDetail.Field]? {
        typealias Field = RecordDetail.Field
        switch ref.kind {
        case .contact:
            guard let item = contacts[ref.id] else { return nil }
            return [
                Field(name: "name", label: "Name", value: item.name),
                Field(name: "email", label: "Email", value: item.email),
                Field(name: "phone", label: "Phone", value: item.phone),
                Field(name: "title", label: "Title", value: item.title),
                Field(name: "company", label: "Company", value: item.companyID.flatMap { companies[$0]?.name } ?? ""),
            ]
        case .company:
            guard let item = companies[ref.id] else { return nil }
            return [
                Field(name: "name", label: "Name", value: item.name),
                Field(name: "domain", label: "Domain", value: item.domain),
                Field(name: "industry", label: "Industry", value: item.industry),
                Field(name: "phone", label: "Phone", value: item.phone),
            ]
        case .deal:
            guard let item = deals[ref.id] else { return nil }
            let amount = MoneyAmount(minorUnits: item.amount, currency: item.currency)
            return [
                Field(name: "title", label: "Title", value: item.title),
                Field(
                    name: "amount", label: "Amount",
                    value: "\(item.amount / 100).\(String(format: "%02d", item.amount % 100))"),
                Field(name: "currency", label: "Currency", value: item.currency),
                Field(name: "stage", label: "Stage", value: stages.first { $0.id == item.stageID }?.name ?? ""),
                Field(name: "company", label: "Company", value: item.companyID.flatMap { companies[$0]?.name } ?? ""),
                Field(name: "value", label: "Value", value: amount.formatted),
            ]
        case .supportCase:
            guard let item = cases[ref.id] else { return nil }
            return [
                Field(name: "subject", label: "Subject", value: item.subject),
                Field(name: "priority", label: "Priority", value: item.priority),
                Field(name: "status", label: "Status", value: item.status),
                Field(name: "queue", label: "Queue", value: item.queue),
                Field(name: "assignee", label: "Assignee", value: item.assigneeID.flatMap { users[$0] } ?? ""),
            ]
        default:
            return nil
        }
    }

    func timeline(of ref: RecordRef) -> [RecordDetail.TimelineEntry] {
        let activityEntries = activities.values.filter { $0.about == ref }.map {
            RecordDetail.TimelineEntry(at: $0.createdAt, kind: $0.kind, text: $0.subject)
        }
        let changeEntries = events.filter { $0.ref == ref }.map {
            RecordDetail.TimelineEntry(at: $0.at, kind: $0.kind, text: $0.text)
        }
        return (activityEntries + changeEntries).sorted { $0.at > $1.at }
    }
}

extension InMemoryDataSource {
    func search(_ query: String, limit: Int) throws -> [SearchHit] {
        // Word prefixes with case and accents folded, as the store's FTS5 index matches them.
        let tokens = TextKey.fold(query).split(separator: " ").map(String.init)
        func matches(_ texts: [String]) -> Bool {
            let words = texts.flatMap {
                TextKey.fold($0).split(whereSeparator: { " @.-".contains($0) }).map(String.init)
            }
            return tokens.allSatisfy { token in words.contains { $0.hasPrefix(token) } }
        }
        return read { model in
            var hits: [SearchHit] = []
            for item in model.contacts.values where matches([item.name, item.email]) {
                hits.append(SearchHit(ref: RecordRef(.contact, item.id), title: item.name, subtitle: item.email))
            }
            for item in model.companies.values where matches([item.name, item.domain]) {
                hits.append(SearchHit(ref: RecordRef(.company, item.id), title: item.name, subtitle: item.domain))
            }
            for item in model.deals.values where matches([item.title]) {
                hits.append(
                    SearchHit(
                        ref: RecordRef(.deal, item.id), title: item.title, subtitle: model.card(item).amount.formatted))
            }
            for item in model.cases.values where matches([item.subject]) {
                hits.append(
                    SearchHit(ref: RecordRef(.supportCase, item.id), title: item.subject, subtitle: item.status))
            }
            return Array(hits.sorted { ($0.title, $0.ref.id) < ($1.title, $1.ref.id) }.prefix(limit))
        }
    }

    func detail(_ ref: RecordRef) throws -> RecordDetail {
        try read { model in
            guard let fields = model.fields(of: ref) else { throw TestSourceError.notFound(ref.kind.noun, ref.id) }
            return RecordDetail(
                ref: ref, title: model.name(of: ref), fields: fields, timeline: model.timeline(of: ref),
                related: model.related(of: ref))
        }
    }

    func addNote(to ref: RecordRef, text: String) throws {
        try write { model in
            guard model.fields(of: ref) != nil else { throw TestSourceError.notFound(ref.kind.noun, ref.id) }
            let id = model.newID()
            model.activities[id] = InMemoryModel.Activity(
                id: id, kind: "note", subject: text, about: ref, createdAt: model.now)
        }
    }

    func update(_ ref: RecordRef, fields: [String: String]) throws {
        try write { model in
            switch ref.kind {
            case .contact:
                guard var item = model.contacts[ref.id] else { throw TestSourceError.notFound("contact", ref.id) }
                if let value = fields["company"] { item.companyID = model.companyID(named: value) }
                if let value = fields["name"] { item.name = value }
                if let value = fields["email"] { item.email = value }
                if let value = fields["phone"] { item.phone = value }
                if let value = fields["title"] { item.title = value }
                model.contacts[ref.id] = item
            case .company:
                guard var item = model.companies[ref.id] else { throw TestSourceError.notFound("company", ref.id) }
                if let value = fields["name"] { item.name = value }
                if let value = fields["domain"] { item.domain = value }
                if let value = fields["industry"] { item.industry = value }
                if let value = fields["phone"] { item.phone = value }
                model.companies[ref.id] = item
            default:
                throw FieldError(
                    field: fields.keys.sorted().first ?? "", message: "editing \(ref.kind.noun)s is not supported here")
            }
            model.log(ref, "edit", "changed " + fields.keys.sorted().joined(separator: ", "))
        }
    }

    func delete(_ ref: RecordRef) throws {
        try write { model in
            guard model.fields(of: ref) != nil else { throw TestSourceError.notFound(ref.kind.noun, ref.id) }
            let at = model.now
            if let record = model.contacts.removeValue(forKey: ref.id) { model.trash.append((at, .contact(record))) }
            if let record = model.companies.removeValue(forKey: ref.id) { model.trash.append((at, .company(record))) }
            if let record = model.deals.removeValue(forKey: ref.id) { model.trash.append((at, .deal(record))) }
            if let record = model.cases.removeValue(forKey: ref.id) { model.trash.append((at, .supportCase(record))) }
        }
    }

    func create(_ kind: EntityKind, fields: [String: String]) throws -> RecordID {
        try write { model in
            let id = model.newID()
            switch kind {
            case .contact:
                if let email = fields["email"], !email.isEmpty {
                    do { _ = try EmailAddress(email) } catch { throw FieldError(field: "email", message: "\(error)") }
                }
                let company = model.companyID(named: fields["company"] ?? "")
                model.contacts[id] = InMemoryModel.Contact(
                    id: id, name: fields["name"] ?? "", email: fields["email"] ?? "", phone: fields["phone"] ?? "",
                    title: fields["title"] ?? "", companyID: company)
            case .company:
                model.companies[id] = InMemoryModel.Company(
                    id: id, name: fields["name"] ?? "", domain: fields["domain"] ?? "",
                    industry: fields["industry"] ?? "")
            case .supportCase:
                model.cases[id] = InMemoryModel.Case(
                    id: id, subject: fields["subject"] ?? "", priority: fields["priority"] ?? "normal",
                    queue: fields["queue"] ?? "", createdAt: model.now)
            case .activity:
                model.activities[id] = try model.activity(id, fields)
            default:
                throw FieldError(field: "kind", message: "creating \(kind.noun)s is not supported here")
            }
            model.log(RecordRef(kind, id), "create", "created")
            return id
        }
    }

    func dashboard(now: Int64) throws -> DashboardSummary {
        let stages = try stages()
        let urgent =
            try cases(.breached, now: now, PageRequest(limit: 5)) + cases(.atRisk, now: now, PageRequest(limit: 5))
        let agenda = try agenda(now: now, endOfDay: Presentation.endOfDay(now), limit: 1000)
        let open = stages.filter { $0.kind == .open }
        let won = stages.filter { $0.kind == .won }.map(\.dealCount).reduce(0, +)
        let lost = stages.filter { $0.kind == .lost }.map(\.dealCount).reduce(0, +)
        func sum(_ weight: (StageSummary) -> Int64) -> [MoneyAmount] {
            var totals: [String: Int64] = [:]
            for stage in open {
                for amount in stage.totals {
                    totals[amount.currency, default: 0] += amount.minorUnits * weight(stage) / 100
                }
            }
            return totals.keys.sorted().map { MoneyAmount(minorUnits: totals[$0] ?? 0, currency: $0) }
        }
        return DashboardSummary(
            stages: stages, openTotals: sum { _ in 100 }, weightedTotals: sum { Int64($0.probability) },
            winRate: won + lost == 0 ? nil : Double(won) / Double(won + lost), tasksToday: agenda.today.count,
            tasksOverdue: agenda.overdue.count, urgentCases: urgent, trends: read(\.trends),
            isEmptyDatabase: read {
                $0.contacts.isEmpty && $0.companies.isEmpty && $0.deals.isEmpty && $0.cases.isEmpty
            })
    }
}
