// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Synchronization

/// A `CRMDataSource` over an in-memory model with the store's behaviour: keyset paging, prefix
/// search, stage moves with history, SLA due times recomputed on priority changes, validation.
final class InMemoryDataSource: CRMDataSource {
    let state: Mutex<InMemoryModel>
    /// The model before each write, newest last: `undoLast` goes back one, like the store's undo.
    let history = Mutex<[InMemoryModel]>([])
    /// How many times `notifications` computed the list (refresh tests count them).
    let notificationLoads = Mutex(0)

    /// The number of writes so far: it moves with every change, as the store's stamp does.
    func changeStamp() -> [Int64]? { [Int64(history.withLock { $0.count })] }

    init(_ model: InMemoryModel) {
        state = Mutex(model)
    }

    func read<T>(_ body: (InMemoryModel) throws -> T) rethrows -> T {
        try state.withLock { try body($0) }
    }

    func write<T>(_ body: (inout InMemoryModel) throws -> T) rethrows -> T {
        try state.withLock { model in
            let before = model
            let result = try body(&model)
            history.withLock { $0.append(before) }
            return result
        }
    }

    /// Puts the model back as it was before the last write; that is itself a write, so a second
    /// call redoes.
    func undoLast() throws -> String {
        try state.withLock { model in
            guard let previous = history.withLock({ $0.popLast() }) else { throw TestSourceError.nothingToUndo }
            history.withLock { $0.append(model) }
            model = previous
            return "undid the last change"
        }
    }

    func session() throws -> SessionInfo {
        read {
            SessionInfo(
                userID: $0.hasUser ? $0.me : nil, userName: $0.hasUser ? $0.users[$0.me] ?? "" : "no user",
                database: "/tmp/test.sqlite", syncState: "offline")
        }
    }

    /// Checks the email as the store does (a `FieldError` on `email`), then names `me`.
    func setUpUser(name: String, email: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FieldError(field: "name", message: "name is required")
        }
        guard email.isEmpty || (email.contains("@") && !email.hasPrefix("@") && email.contains(".")) else {
            throw FieldError(field: "email", message: "'\(email)' is not an email address")
        }
        write { model in
            model.users[model.me] = name
            model.userEmail = email.isEmpty ? nil : email
            model.hasUser = true
        }
    }

    func contacts(_ page: PageRequest<NameKey>) throws -> [ContactRow] {
        read { model in
            keysetPage(model.contacts.values.map { model.row($0) }, page, less: nameOrder)
        }
    }

    func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow] {
        read { model in
            let rows = model.companies.values.map {
                CompanyRow(
                    id: $0.id, num: model.num($0.id), name: $0.name, domain: $0.domain, industry: $0.industry,
                    phone: $0.phone)
            }
            return keysetPage(rows, page, less: nameOrder)
        }
    }

    func stages() throws -> [StageSummary] {
        read { model in
            model.stages.map { stage in
                let deals = model.deals.values.filter { $0.stageID == stage.id }
                var totals: [String: Int64] = [:]
                for deal in deals { totals[deal.currency, default: 0] += deal.amount }
                return StageSummary(
                    id: stage.id, name: stage.name, kind: stage.kind, probability: stage.probability,
                    dealCount: deals.count,
                    totals: totals.keys.sorted().map { MoneyAmount(minorUnits: totals[$0] ?? 0, currency: $0) })
            }
        }
    }

    func deals(inStage stage: RecordID, _ page: PageRequest<SequenceKey>) throws -> [DealCard] {
        read { model in
            let cards = model.deals.values.filter { $0.stageID == stage }.map { model.card($0) }
            return keysetPage(cards, page, less: newestFirst)
        }
    }

    func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws {
        try write { model in
            guard var item = model.deals[deal] else { throw TestSourceError.notFound("deal", deal) }
            guard let target = model.stages.first(where: { $0.id == stage }) else {
                throw TestSourceError.notFound("stage", stage)
            }
            let from = model.stages.first { $0.id == item.stageID }?.name ?? "?"
            item.stageID = stage
            model.deals[deal] = item
            model.log(RecordRef(.deal, deal), "stage", "\(from) → \(target.name)")
        }
    }

    func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws {
        let kind: StageSummary.Kind = won ? .won : .lost
        guard let stage = read({ $0.stages.first { $0.kind == kind } }) else {
            throw TestSourceError.notFound("stage", nil)
        }
        try moveDeal(deal, toStage: stage.id)
        if let reason { write { $0.deals[deal]?.lostReason = reason } }
    }

    func cases(_ filter: CaseFilter, now: Int64, _ page: PageRequest<DueKey>) throws -> [CaseRow] {
        read { model in
            let rows = model.cases.values.map { model.row($0) }.filter { row in
                if filter == .changed {
                    return model.remoteChanges.contains { $0.seq > model.changesSeen && $0.caseID == row.id }
                }
                guard !["solved", "closed"].contains(row.status) else { return false }
                switch filter {
                case .changed: return false
                case .open: return true
                case .mine: return row.assigneeID == model.me
                case .unassigned: return row.assigneeID == nil
                case .breached: return (row.slaDue ?? .max) <= now
                case .atRisk:
                    guard let due = row.slaDue, due > now else { return false }
                    return (due - now) * 4 < due - row.createdAt
                }
            }
            return keysetPage(rows, page, less: dueOrder)
        }
    }

    func remoteChangeMark() throws -> Int64 { read { $0.remoteChanges.map(\.seq).max() ?? 0 } }

    func markChangesSeen(upTo mark: Int64) throws {
        // Not a write: undo takes back the user's changes, not where they have looked.
        state.withLock { $0.changesSeen = max($0.changesSeen, mark) }
    }

    func assignCase(_ id: RecordID, to user: RecordID?) throws {
        try write { model in
            guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
            model.cases[id]?.assigneeID = user
            model.log(
                RecordRef(.supportCase, id), "assign", "assigned to \(user.flatMap { model.users[$0] } ?? "nobody")")
        }
    }

    func setCasePriority(_ id: RecordID, _ priority: String) throws {
        guard EntitySchema.priorities.contains(priority) else {
            throw FieldError(field: "priority", message: "unknown priority \(priority)")
        }
        try write { model in
            guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
            model.cases[id]?.priority = priority
            model.log(RecordRef(.supportCase, id), "priority", "priority \(priority)")
        }
    }

    func setCaseStatus(_ id: RecordID, _ status: String) throws {
        guard EntitySchema.caseStatuses.contains(status) else {
            throw FieldError(field: "status", message: "unknown status \(status)")
        }
        try write { model in
            guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
            model.cases[id]?.status = status
            model.log(RecordRef(.supportCase, id), "status", "status \(status)")
        }
    }

    func agenda(now: Int64, endOfDay: Int64, limit: Int) throws -> Agenda {
        read { model in
            let open = model.activities.values.filter { $0.kind == "task" && !$0.done && $0.dueAt != nil }
                .sorted { ($0.dueAt ?? 0, $0.id) < ($1.dueAt ?? 0, $1.id) }
            func row(_ task: InMemoryModel.Activity) -> TaskRow {
                TaskRow(
                    id: task.id, subject: task.subject, dueAt: task.dueAt, related: task.about,
                    relatedName: task.about.map { model.name(of: $0) } ?? "")
            }
            return Agenda(
                overdue: open.filter { ($0.dueAt ?? 0) < now }.prefix(limit).map(row),
                today: open.filter { ($0.dueAt ?? 0) >= now && ($0.dueAt ?? 0) < endOfDay }.prefix(limit).map(row),
                upcoming: open.filter { ($0.dueAt ?? 0) >= endOfDay }.prefix(limit).map(row))
        }
    }

    func markTaskDone(_ id: RecordID) throws {
        try write { model in
            guard model.activities[id]?.kind == "task" else { throw TestSourceError.notFound("task", id) }
            model.activities[id]?.done = true
        }
    }
}

/// Errors of the in-memory source, worded like the real store's.
enum TestSourceError: Error, CustomStringConvertible {
    case notFound(String, RecordID?)
    case nothingToUndo

    var description: String {
        switch self {
        case .notFound(let kind, let id):
            "no \(kind) \(id?.rawValue ?? "") — it may have been deleted; press R to refresh"
        case .nothingToUndo: "nothing to undo"
        }
    }
}
