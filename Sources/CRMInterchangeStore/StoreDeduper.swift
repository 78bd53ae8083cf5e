// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// `crm dedupe`: finds duplicate contacts or companies and merges them as a store operation.
///
/// A merge runs in one transaction through the write path: the kept record takes the other's
/// non-empty fields where its own are empty (tags united, notes joined), every deal, activity and
/// case of the duplicate is re-pointed to the kept record, the duplicate is deleted (a tombstone
/// that syncs), and a note activity on the kept record says what was merged and why, so the merge
/// shows in its timeline and travels to every device in the change log.
public struct StoreDeduper {
    public let store: Store
    public let kind: EntityKind

    /// A candidate pair with what the user needs to judge it.
    public struct Candidate: Sendable, Equatable {
        public let keep: StoredRecord
        public let duplicate: StoredRecord
        public let score: Double
        public let reasons: [String]
    }

    public init(store: Store, kind: EntityKind) throws {
        guard kind == .contact || kind == .company else {
            throw ExportError.unsupportedKind(format: "dedupe", kind: kind.rawValue)
        }
        self.store = store
        self.kind = kind
    }

    /// Candidate pairs, best first; the older record (lower number) is the one kept.
    public func candidates(finder: DuplicateFinder? = nil) throws -> [Candidate] {
        var records: [RecordID: StoredRecord] = [:]
        var inputs: [DedupeRecord] = []
        var after: Int64 = 0
        while true {
            let page = try store.recordsWithNames(kind, afterNum: after, limit: 5000)
            guard let last = page.0.last else { break }
            for record in page.0 {
                records[record.id] = record
                inputs.append(dedupeInput(record, names: page.1))
            }
            after = last.num
        }
        return (finder ?? DuplicateFinder(kind: kind)).candidates(inputs).compactMap { pair in
            guard let first = records[pair.first], let second = records[pair.second] else { return nil }
            let (keep, duplicate) = first.num < second.num ? (first, second) : (second, first)
            return Candidate(keep: keep, duplicate: duplicate, score: pair.score, reasons: pair.reasons)
        }
    }

    private func dedupeInput(_ record: StoredRecord, names: ReferenceNames) -> DedupeRecord {
        let fields = record.fields
        let name = fields["name"]?.text ?? ""
        let company = kind == .contact ? names.company(fields["company_id"]) : fields["domain"]?.text
        return DedupeRecord(
            id: record.id, name: name, email: fields["email"]?.text, phone: fields["phone"]?.text, company: company)
    }

    /// Merges every candidate pair whose records are both still live; returns the pairs merged.
    public func apply(_ candidates: [Candidate]) throws -> [Candidate] {
        var gone = Set<RecordID>()
        var merged: [Candidate] = []
        for candidate in candidates where !gone.contains(candidate.keep.id) && !gone.contains(candidate.duplicate.id) {
            try merge(keep: candidate.keep.id, duplicate: candidate.duplicate.id, reasons: candidate.reasons)
            gone.insert(candidate.duplicate.id)
            merged.append(candidate)
        }
        return merged
    }

    /// Merges `duplicate` into `keep` in one transaction.
    public func merge(keep: RecordID, duplicate: RecordID, reasons: [String]) throws {
        try store.write { recorder in
            guard let kept = try recorder.record(kind, keep), let other = try recorder.record(kind, duplicate)
            else { throw StoreError.notFound(kind: kind, handle: "\(keep.rawValue) or \(duplicate.rawValue)") }
            try recorder.update(kind, id: keep, Self.mergedFields(kept.fields, other.fields))
            try repoint(from: duplicate, to: keep, recorder)
            try recorder.delete(kind, id: duplicate)
            let otherName = other.fields["name"]?.text ?? duplicate.rawValue
            try recorder.create(
                .activity, id: .make(),
                [
                    "kind": .text("note"),
                    "subject": .text("Merged duplicate \(otherName) (#\(other.num)) into this \(kind.label)"),
                    "body": .text(
                        "Reasons: \(reasons.joined(separator: "; ")). Merged record id: \(duplicate.rawValue)"),
                    "done": .bool(true), kind == .contact ? "contact_id" : "company_id": .text(keep.rawValue),
                ])
        }
    }

    /// The kept record's fields after taking what the duplicate adds.
    static func mergedFields(_ kept: [String: FieldValue], _ other: [String: FieldValue]) -> [String: FieldValue] {
        var merged = kept
        for (name, value) in other where value != .null {
            switch (kept[name] ?? .null, value) {
            case (.null, _), (.text(""), _): merged[name] = value
            case (.tags(let mine), .tags(let theirs)):
                merged[name] = .tags(
                    mine + theirs.filter { tag in !mine.contains { $0.lowercased() == tag.lowercased() } })
            case (.text(let mine), .text(let theirs)) where name == "notes" && mine != theirs:
                merged[name] = .text(mine + "\n" + theirs)
            default: break
            }
        }
        merged.removeValue(forKey: "created_at")
        return merged.filter { kept[$0.key] != $0.value }
    }

    /// Points every deal, activity, case (and, for companies, contact) of `from` at `to`.
    private func repoint(from: RecordID, to: RecordID, _ recorder: ChangeRecorder) throws {
        let column = kind == .contact ? "contact_id" : "company_id"
        var linked: [EntityKind] = [.deal, .activity, .supportCase]
        if kind == .company { linked.append(.contact) }
        for other in linked {
            for id in try recorder.ids(other, linking: column, to: from) {
                try recorder.update(other, id: id, [column: .text(to.rawValue)])
            }
        }
    }
}
