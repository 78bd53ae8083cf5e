// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI

extension InMemoryDataSource {
    func caseRow(_ id: RecordID) throws -> CaseRow? {
        read { model in model.cases[id].map { model.row($0) } }
    }

    func teammates() throws -> [String] {
        read { $0.users.values.sorted() }
    }

    /// Every change in one `write`, so one `undoLast` takes it all back, as in the store.
    func bulk(_ kind: EntityKind, _ ids: [RecordID], _ change: BulkChange) throws -> Int {
        try write { model in
            var changed = 0
            for id in ids {
                switch (kind, change) {
                case (.supportCase, .assign(let person)):
                    guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
                    let user =
                        person == "me" ? model.me : model.users.first { $0.value == person }?.key
                    if !person.isEmpty && user == nil {
                        throw FieldError(field: "assignee", message: "no teammate \(person)")
                    }
                    model.cases[id]?.assigneeID = user
                case (.supportCase, .priority(let value)):
                    guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
                    model.cases[id]?.priority = value
                case (.supportCase, .status(let value)):
                    guard model.cases[id] != nil else { throw TestSourceError.notFound("case", id) }
                    model.cases[id]?.status = value
                case (.deal, .stage(let name)):
                    guard let stage = model.stages.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                        throw FieldError(field: "stage", message: "no stage named \(name)")
                    }
                    model.deals[id]?.stageID = stage.id
                case (_, .delete):
                    if let record = model.cases.removeValue(forKey: id) {
                        model.trash.append((model.now, .supportCase(record)))
                    } else if let record = model.deals.removeValue(forKey: id) {
                        model.trash.append((model.now, .deal(record)))
                    } else if let record = model.contacts.removeValue(forKey: id) {
                        model.trash.append((model.now, .contact(record)))
                    } else {
                        throw TestSourceError.notFound(kind.rawValue, id)
                    }
                default:
                    throw FieldError(field: "action", message: "\(change.summary) does not apply to \(kind.rawValue)")
                }
                changed += 1
            }
            return changed
        }
    }
}
