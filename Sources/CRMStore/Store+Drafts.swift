// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension Store {
    /// Adds the record a draft describes, links and all, in one transaction; returns its id.
    @discardableResult
    public func add(_ draft: RecordDraft, id: RecordID = .make()) throws -> RecordID {
        var fields = draft.fields
        if draft.kind.field("owner_id") != nil, fields["owner_id"] == nil {
            fields["owner_id"] = try ownerValue(draft.owner ?? .currentUser)
        }
        let contact = try contactValue(draft.contact)
        let custom = try customInput(draft.kind, draft.custom, isNew: true)
        return try write { recorder in
            if let contact { fields["contact_id"] = contact }
            if let company = try Self.companyValue(draft.company, in: recorder) { fields["company_id"] = company }
            switch draft.kind {
            case .deal: try Self.addDeal(fields, id: id, in: recorder)
            case .supportCase: try Self.openCase(fields, id: id, in: recorder)
            default: try recorder.create(draft.kind, id: id, fields)
            }
            try recorder.setCustom(draft.kind, id: id, custom)
            return id
        }
    }

    /// Changes a record as a draft describes: its fields, links and owner, in one transaction.
    ///
    /// Stage moves and case priorities have their own rules (`moveDeal`, `setCasePriority`):
    /// callers apply them after this.
    public func edit(_ id: RecordID, _ draft: RecordDraft) throws {
        var fields = draft.fields
        if let owner = draft.owner { fields["owner_id"] = try ownerValue(owner) }
        let contact = try contactValue(draft.contact)
        let custom = try customInput(draft.kind, draft.custom, isNew: false)
        try write { recorder in
            if let contact { fields["contact_id"] = contact }
            if let company = try Self.companyValue(draft.company, in: recorder) { fields["company_id"] = company }
            if !fields.isEmpty { try recorder.update(draft.kind, id: id, fields) }
            try recorder.setCustom(draft.kind, id: id, custom)
        }
    }

    private func ownerValue(_ owner: OwnerChoice) throws -> FieldValue {
        switch owner {
        case .currentUser: try currentUser().map { .text($0.id.rawValue) } ?? .null
        case .person(let id): .text(id.rawValue)
        case .nobody: .null
        }
    }

    private func contactValue(_ handle: String?) throws -> FieldValue? {
        guard let handle else { return nil }
        return handle.isEmpty ? .null : .text(try resolve(.contact, handle).rawValue)
    }

    private static func companyValue(_ name: String?, in recorder: ChangeRecorder) throws -> FieldValue? {
        guard let name else { return nil }
        return name.isEmpty ? .null : .text(try companyID(named: name, in: recorder).rawValue)
    }
}
