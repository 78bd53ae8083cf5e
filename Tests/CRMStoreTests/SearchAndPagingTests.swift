// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Testing

@Suite struct SearchAndPagingTests {
    @Test func prefixSearchIgnoresAccentsAndCaseAndRanksNameMatchesFirst() throws {
        let test = try TestStore()
        let acme = try test.store.create(.company, ["name": .text("Acme GmbH")])
        let zoe = try test.store.create(
            .contact,
            ["name": .text("Zoë Ångström"), "email": .text("zoe@example.com"), "company_id": .text(acme.rawValue)])
        try test.store.create(.contact, ["name": .text("Bob"), "notes": .text("met Zoe at the fair")])
        let hits = try test.store.search("zoe")
        #expect(hits.first?.id == zoe)
        #expect(hits.count == 2)
        #expect(try test.store.search("ANGST").first?.id == zoe)
        #expect(try test.store.search("acm", kinds: [.contact]).map(\.id) == [zoe])
        #expect(try test.store.search("zo acme").map(\.id) == [zoe])
        #expect(try test.store.search("\"*)(").isEmpty)
    }

    @Test func titleMatchesRankBeforeBodyMatchesAndShorterTitlesFirst() throws {
        let test = try TestStore()
        let noted = try test.store.create(.contact, ["name": .text("Ann"), "notes": .text("asked about the renewal")])
        let long = try test.store.create(.contact, ["name": .text("Renata Renewal-Smithson")])
        let short = try test.store.create(.contact, ["name": .text("Renewal Desk")])
        let both = try test.store.create(.contact, ["name": .text("Rita Renewal"), "notes": .text("renewal")])
        // Starts with the query, then holds the word (shorter first), then the notes.
        #expect(try test.store.search("renewal").map(\.id) == [short, both, long, noted])
        #expect(try test.store.search("rit ren").map(\.id) == [both])
    }

    @Test func aCommonCompleteWordIsMatchedExactlyWhenItFillsTheCandidates() throws {
        let test = try TestStore()
        for index in 0..<3 { try test.store.create(.contact, ["name": .text("Pilot \(index)")]) }
        let longer = try test.store.create(.contact, ["name": .text("Pilots United")])
        // Three exact hits fill three candidates: the prefix form ("pilots") is not consulted.
        #expect(try !test.store.search("pilot", candidates: 3).map(\.id).contains(longer))
        // With room to spare the prefix form is used and finds it.
        #expect(try test.store.search("pilot", candidates: 10).map(\.id).contains(longer))
    }

    @Test func renamingACompanyUpdatesItsContactsSearchText() throws {
        let test = try TestStore()
        let company = try test.store.create(.company, ["name": .text("Initech")])
        let person = try test.store.create(.contact, ["name": .text("Peter"), "company_id": .text(company.rawValue)])
        try test.store.update(.company, id: company, ["name": .text("Globex")])
        #expect(try test.store.search("globex", kinds: [.contact]).map(\.id) == [person])
        #expect(try test.store.search("initech", kinds: [.contact]).isEmpty)
    }

    @Test func phoneDigitsAndDealsAndCasesAreSearchable() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("Caller"), "phone": .text("+49 30 1234567")])
        #expect(try test.store.search("49301234567").count == 1)
        try test.store.addDeal([
            "title": .text("Fleet renewal"), "amount": .money(try Money(parsing: "5", currency: "USD")),
        ])
        #expect(try test.store.search("fleet").first?.kind == .deal)
        try test.store.openCase(["subject": .text("Printer on fire")])
        #expect(try test.store.search("print").first?.kind == .supportCase)
    }

    @Test func keysetPagesNeitherSkipNorRepeatAtBoundaries() throws {
        let test = try TestStore()
        // Duplicate names force the num tie-breaker at page edges.
        try test.store.write { recorder in
            for index in 0..<53 {
                try recorder.create(
                    .contact, id: .make(), ["name": .text(["Ann", "ann", "Åsa", "Bo"][index % 4] + " \(index / 10)")])
            }
        }
        var seen: [Int64] = []
        var cursor: ListCursor?
        var pages = 0
        while true {
            let page = try test.store.contacts(after: cursor, limit: 10)
            if page.isEmpty { break }
            pages += 1
            seen += page.map(\.num)
            cursor = page.last.map(Store.cursor(for:))
        }
        #expect(pages == 6)
        #expect(seen.count == 53 && Set(seen).count == 53)
        let all = try test.store.contacts(after: nil, limit: 100).map(\.num)
        #expect(seen == all)
        #expect(try test.store.contactsByOffset(20, limit: 10).map(\.num) == Array(all[20..<30]))
        let keys = try test.store.contacts(after: nil, limit: 100).map { TextKey.fold($0.name) }
        #expect(keys == keys.sorted())
    }

    @Test func namePrefixUsesTheFoldedKey() throws {
        let test = try TestStore()
        try test.store.create(.contact, ["name": .text("Émile Zola")])
        try test.store.create(.contact, ["name": .text("Emma Stone")])
        try test.store.create(.contact, ["name": .text("Ed")])
        #expect(try test.store.contacts(namePrefix: "em", limit: 10).map(\.name) == ["Émile Zola", "Emma Stone"])
    }
}
