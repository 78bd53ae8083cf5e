// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB
import Testing

@testable import CRMStore

/// `Derived.searchedFields` names exactly the fields each kind's search document reads, so an
/// update that changes none of them may leave the document alone.
@Suite struct DerivedTests {
    /// A value of `spec`'s type, `variant` 0 or 1 giving two different ones; references name
    /// `references`' records, whose names differ.
    static func value(_ spec: FieldSpec, variant: Int, references: [EntityKind: [RecordID]]) throws -> FieldValue {
        switch spec.type {
        case .integer, .timestamp: return .integer(Int64(1_700_000_000_000 + variant))
        case .bool: return .integer(Int64(variant))
        case .money: return .money(Money(minorUnits: Int64(100 + variant), currency: try Currency("USD")))
        case .date: return .text("2026-12-0\(1 + variant)")
        case .tags: return .tags(["tag\(variant)"])
        case .reference(let kind):
            guard let ids = references[kind] else { return .text("missing-\(variant)") }
            return .text(ids[variant].rawValue)
        case .choice(let choices): return .text(choices[variant % choices.count])
        default: return .text("word\(variant)")
        }
    }

    @Test(arguments: [EntityKind.contact, .company, .deal, .supportCase, .activity])
    func theSearchedFieldsAreExactlyTheOnesTheDocumentReads(kind: EntityKind) throws {
        let test = try TestStore()
        let references: [EntityKind: [RecordID]] = [
            .company: [
                try test.store.create(.company, ["name": .text("Acme")]),
                try test.store.create(.company, ["name": .text("Globex")]),
            ],
            .contact: [
                try test.store.create(.contact, ["name": .text("Ada")]),
                try test.store.create(.contact, ["name": .text("Bob")]),
            ],
        ]
        let searched = Derived.searchedFields(kind)
        try test.store.read { db in
            var base: [String: FieldValue] = [:]
            for spec in kind.fields { base[spec.name] = try Self.value(spec, variant: 0, references: references) }
            let document = try Derived.document(db, kind: kind, values: base)
            for spec in kind.fields {
                var changed = base
                changed[spec.name] = try Self.value(spec, variant: 1, references: references)
                let moved = try Derived.document(db, kind: kind, values: changed) != document
                #expect(moved == searched.contains(spec.name), "\(kind.rawValue).\(spec.name)")
            }
            #expect(searched.isSubset(of: Set(kind.fields.map(\.name))), "\(kind.rawValue): \(searched)")
        }
    }

    /// What the search index has written: FTS5 adds segment rows for every insert or delete of a
    /// document, even one that puts back the same text, so an unchanged count means no rewrite.
    static func searchWrites(_ store: Store) throws -> [Int] {
        try store.read { db in
            [
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_data") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(LENGTH(block)), 0) FROM search_data") ?? 0,
            ]
        }
    }

    /// A deal moved between stages keeps its search row; a renamed one gets the new title.
    @Test func anUpdateOfFieldsOutsideTheDocumentLeavesTheSearchRowAlone() throws {
        let test = try TestStore()
        let stages = try test.store.stages().filter { $0.kind == .open }
        let deal = try test.store.addDeal([
            "title": .text("Pilot"), "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
        ])
        let before = try Self.searchWrites(test.store)
        try test.store.moveDeal(deal, to: stages[1].id)
        #expect(try Self.searchWrites(test.store) == before, "the move rewrote the search document")
        try test.store.update(.deal, id: deal, ["title": .text("Pilot 2")])
        #expect(try Self.searchWrites(test.store) != before, "a rename rewrites it (the measure can see a write)")
        #expect(try test.store.search("pilot").map(\.title) == ["Pilot 2"])
    }

    /// A pulled set takes the same path: a stage move leaves the other device's search row alone,
    /// a pulled rename reaches its search.
    @Test func aPulledSetOfAFieldOutsideTheDocumentLeavesTheSearchRowAlone() throws {
        let a = try TestStore()
        let b = try TestStore()
        let stages = try a.store.stages().filter { $0.kind == .open }
        let deal = try a.store.addDeal([
            "title": .text("Pilot"), "amount": .money(Money(minorUnits: 100, currency: try Currency("USD"))),
        ])
        let relay = SyncHarness()
        try relay.sync([a.store, b.store])
        let before = try Self.searchWrites(b.store)
        try a.store.moveDeal(deal, to: stages[1].id)
        try relay.sync([a.store, b.store])
        #expect(try b.store.deal(deal).stageID == stages[1].id)
        #expect(try Self.searchWrites(b.store) == before, "the pulled move rewrote the search document")
        try a.store.update(.deal, id: deal, ["title": .text("Pilot 2")])
        try relay.sync([a.store, b.store])
        #expect(try Self.searchWrites(b.store) != before, "a pulled rename rewrites it")
        #expect(try b.store.search("pilot").map(\.title) == ["Pilot 2"])
    }
}
